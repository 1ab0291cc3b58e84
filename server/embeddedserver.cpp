#include "server/embeddedserver.h"
#include "core/common/apierrors.h"

#include <QThread>

namespace tq::server {

EmbeddedServer::EmbeddedServer() = default;

EmbeddedServer::~EmbeddedServer()
{
    stop();
}

Result<QUrl> EmbeddedServer::start(const ServerConfig &config)
{
    if (m_server)
        return Error(ApiError::Internal, QStringLiteral("The embedded server is already running."));
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("tongqian-server"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    QObject::connect(m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread->start();

    Result<QUrl> result = Error(ApiError::Internal, QStringLiteral("The embedded server did not start."));
    // The server must be created on its thread: its sockets and database connection belong there.
    QMetaObject::invokeMethod(
        m_context,
        [this, &config, &result] {
            auto server = std::make_unique<Server>(config);
            if (auto started = server->start(); !started) {
                result = started.error();
                return;
            }
            result = server->baseUrl();
            m_server = server.release();
        },
        Qt::BlockingQueuedConnection);
    if (!result)
        stop();
    return result;
}

void EmbeddedServer::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_server;
            m_server = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_context = nullptr;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

} // namespace tq::server
