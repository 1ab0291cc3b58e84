#pragma once

#include "server/server.h"

#include <QUrl>

class QThread;

namespace tq::server {

/// Runs a Server on its own QThread so a GUI process (the desktop app) can host the back-end
/// in-process without blocking its UI thread.
///
/// Use from one thread (usually the GUI thread). start() blocks until the server listens or
/// fails; stop() and the destructor shut the server and its thread down and wait for both.
class EmbeddedServer {
public:
    EmbeddedServer();
    ~EmbeddedServer();
    EmbeddedServer(const EmbeddedServer &) = delete;
    EmbeddedServer &operator=(const EmbeddedServer &) = delete;

    /// Starts a server with `config` and returns its base URL. Fails if already running.
    Result<QUrl> start(const ServerConfig &config);
    void stop();
    bool isRunning() const { return m_server != nullptr; }

private:
    QThread *m_thread = nullptr;
    QObject *m_context = nullptr; ///< lives on m_thread; runs calls there
    Server *m_server = nullptr; ///< lives on m_thread
};

} // namespace tq::server
