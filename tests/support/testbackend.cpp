#include "testbackend.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "server/operators/totp.h"
#include "server/server.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace tq::test {

TestBackend::TestBackend() = default;

TestBackend::~TestBackend()
{
    if (m_server)
        m_server->stop();
}

QString TestBackend::addOperator(const QString &name, const QString &role, const QString &password)
{
    server::ServerConfig config;
    config.databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("test.sqlite"));
    config.passwordParams = {10, 8, 1};
    const auto added =
        server::Server::addOperator(config, name, server::roleFromName(role).value_or(server::OperatorRole::Auditor),
                                    password);
    return added ? added.value().totpSecret : QString();
}

QString TestBackend::totpCode(const QString &base32Secret)
{
    return server::Totp::code(server::Totp::fromBase32(base32Secret), server::Totp::stepAt(Clock::nowSecs()));
}

bool TestBackend::start()
{
    server::ServerConfig config;
    config.databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("test.sqlite"));
    config.passwordParams = {10, 8, 1}; // real scrypt, test-sized cost
    config.cosignPinCost = config.passwordParams; // the PIN verifier's scrypt as well
    // Every TestDevice is the one person TestPersonName, so a backend's devices would share the
    // per-person limit of valid pairs; tst_certificateproof tests that limit at its default.
    config.activeSigningPairsPerPerson = 1 << 20;
    m_server = std::make_unique<server::Server>(config);
    auto started = m_server->start();
    if (!started) {
        qWarning("test server did not start: %s", qPrintable(started.error().message));
        return false;
    }
    m_api = std::make_unique<ApiClient>(m_server->baseUrl());
    return true;
}

void TestBackend::attach(const QUrl &url)
{
    m_attached = url;
    m_api = std::make_unique<ApiClient>(url);
}

QUrl TestBackend::url() const
{
    return m_server ? m_server->baseUrl() : m_attached;
}

ApiJob *TestBackend::outboxJob(const QString &phone)
{
    ApiJob *job = m_api->get(QStringLiteral("/sandbox/sms-outbox?phone=") + phone);
    job->setAutoDelete(false);
    return job;
}

Error waitFor(Job *job, int timeoutMs)
{
    job->setAutoDelete(false);
    QSignalSpy spy(job, &Job::finished);
    job->start();
    const bool done = job->isFinished() || spy.wait(timeoutMs);
    Error e = done ? job->error() : Error(ApiError::Internal, QStringLiteral("timed out"));
    job->deleteLater();
    return e;
}

Error TestBackend::registerAccount(AccountSession &session, const QString &phone, const QString &password)
{
    if (Error e = waitFor(session.sendSmsCode(phone, SmsPurpose::Register)); !e.isNull())
        return e;
    return waitFor(session.registerAccount(phone, smsCode(phone), password));
}

QString TestBackend::smsCode(const QString &phone)
{
    std::unique_ptr<ApiJob> job(outboxJob(phone));
    QSignalSpy spy(job.get(), &Job::finished);
    job->start();
    if (!spy.wait(10000) || job->hasError())
        return {};
    const QJsonArray messages = job->data().value(u"messages").toArray();
    return messages.isEmpty() ? QString() : messages.first().toObject().value(u"code").toString();
}

void TestBackend::advanceClock(int seconds)
{
    Clock::advanceForTesting(seconds);
}

void TestBackend::fetchSmsCode(const QString &phone)
{
    m_lastSmsCode.clear(); // a stale code must not satisfy a waiting test
    Q_EMIT lastSmsCodeChanged();
    ApiJob *job = outboxJob(phone);
    job->setAutoDelete(true);
    connect(job, &Job::finished, this, [this, job] {
        const QJsonArray messages = job->data().value(u"messages").toArray();
        m_lastSmsCode = messages.isEmpty() ? QString() : messages.first().toObject().value(u"code").toString();
        Q_EMIT lastSmsCodeChanged();
    });
    job->start();
}

} // namespace tq::test
