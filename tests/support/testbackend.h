#pragma once

#include "core/account/accountsession.h"
#include "core/protocol/apiclient.h"

#include <QObject>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace tq::server {
class Server;
}

namespace tq::test {

/// Starts `job` (a no-op if already started), waits for it and returns its error (null on
/// success, `internal` on time-out). Takes ownership of the job.
Error waitFor(Job *job, int timeoutMs = 15000);

/// A real Tongqian server for tests: in-process, on a free loopback port, with a fresh SQLite
/// database in a temporary directory and cheap scrypt parameters. Reads SMS codes from the
/// sandbox outbox over HTTP, as the operator console does.
class TestBackend : public QObject {
    Q_OBJECT
    Q_PROPERTY(QString lastSmsCode READ lastSmsCode NOTIFY lastSmsCodeChanged)
public:
    TestBackend();
    ~TestBackend() override;

    /// Starts the server; false (with a QWARN) when it cannot.
    bool start();
    /// Talks to a server that runs elsewhere (e.g. a child process the test kills and restarts)
    /// instead of starting one; call it instead of start(). advanceClock() does not reach it.
    void attach(const QUrl &url);
    QUrl url() const;
    tq::server::Server *server() const { return m_server.get(); }

    /// Registers `phone` through `session` (SMS code read from the outbox); a null Error on success.
    Error registerAccount(AccountSession &session, const QString &phone,
                          const QString &password = QStringLiteral("Tongqian2026"));
    /// The newest code in the outbox for `phone` (empty if none); waits for the answer.
    QString smsCode(const QString &phone);
    /// Asynchronous variant for QML tests: updates lastSmsCode.
    Q_INVOKABLE void fetchSmsCode(const QString &phone);
    QString lastSmsCode() const { return m_lastSmsCode; }
    /// Adds an operator straight into the database (as `tongqian-server operator add` does);
    /// the base32 TOTP secret, empty on failure.
    QString addOperator(const QString &name, const QString &role, const QString &password);
    /// The current TOTP code of a base32 secret from addOperator().
    static QString totpCode(const QString &base32Secret);
    /// Moves the shared test clock forward (SMS resend limits, expiries).
    Q_INVOKABLE void advanceClock(int seconds);

Q_SIGNALS:
    void lastSmsCodeChanged();

private:
    ApiJob *outboxJob(const QString &phone);

    QTemporaryDir m_dir;
    std::unique_ptr<tq::server::Server> m_server;
    std::unique_ptr<ApiClient> m_api;
    QUrl m_attached;
    QString m_lastSmsCode;
};

} // namespace tq::test
