#include "core/keys/keychainsecretstore.h"

#include "core/common/apierrors.h"
#include "core/common/logging.h"
#include "core/common/poolwait.h"

#include <QSemaphore>
#include <QThread>

#include <qt6keychain/keychain.h>

#include <memory>

namespace tq {

struct KeychainSecretStore::Outcome {
    QKeychain::Error error = QKeychain::OtherError;
    QString detail;
    SecureBytes data;
};

namespace {
Error toError(const QString &detail, QKeychain::Error code)
{
    if (code == QKeychain::EntryNotFound)
        return Error(ApiError::NotFound, QStringLiteral("The secret does not exist."));
    qCWarning(lcCoreCrypto) << "keychain:" << detail;
    return Error(ApiError::Storage,
                 QStringLiteral("The system keychain is not available or refused access."));
}
} // namespace

KeychainSecretStore::KeychainSecretStore(QString service, QObject *parent)
    : QObject(parent), m_service(std::move(service))
{
}

KeychainSecretStore::Outcome KeychainSecretStore::run(const QString &name,
                                                      const std::function<QKeychain::Job *()> &makeJob)
{
    Outcome refused;
    if (!isSafeName(name)) {
        refused.detail = QStringLiteral("invalid name");
        return refused;
    }
    if (QThread::currentThread() == thread()) {
        refused.detail = QStringLiteral("called from the owner thread; would deadlock");
        return refused;
    }
    // The outcome and semaphore are shared so that a late answer after a timeout is harmless.
    auto done = std::make_shared<QSemaphore>();
    auto outcome = std::make_shared<Outcome>();
    QMetaObject::invokeMethod(
        this,
        [this, makeJob, name, done, outcome] {
            QKeychain::Job *job = makeJob();
            job->setKey(name);
            job->setInsecureFallback(false);
            job->setAutoDelete(true);
            connect(job, &QKeychain::Job::finished, this, [done, outcome](QKeychain::Job *j) {
                outcome->error = j->error();
                outcome->detail = j->errorString();
                if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(j); read && !j->error()) {
                    QByteArray data = read->binaryData();
                    outcome->data = SecureBytes(data);
                    SecureBytes::wipe(data);
                }
                done->release();
            });
            job->start();
        },
        Qt::QueuedConnection);
    // The keychain may ask the user (unlock prompt): the pool slot goes back meanwhile (poolwait.h).
    if (!waitWithoutPoolSlot([&done, this] { return done->tryAcquire(1, m_timeoutMs); })) {
        refused.detail = QStringLiteral("timed out");
        return refused;
    }
    return std::move(*outcome);
}

Result<SecureBytes> KeychainSecretStore::read(const QString &name)
{
    Outcome o = run(name, [this] { return new QKeychain::ReadPasswordJob(m_service); });
    if (o.error != QKeychain::NoError)
        return toError(o.detail, o.error);
    return std::move(o.data);
}

Result<void> KeychainSecretStore::write(const QString &name, const SecureBytes &secret)
{
    // Owned jointly: after a timeout the job may still be created once this call has returned.
    auto copy = std::make_shared<const SecureBytes>(secret.constData(), secret.size());
    Outcome o = run(name, [this, copy] {
        auto *job = new QKeychain::WritePasswordJob(m_service);
        QByteArray data = copy->view().toByteArray();
        job->setBinaryData(data); // QtKeychain keeps its own copy, which we cannot wipe
        SecureBytes::wipe(data);
        return job;
    });
    if (o.error != QKeychain::NoError)
        return toError(o.detail, o.error);
    return {};
}

Result<void> KeychainSecretStore::remove(const QString &name)
{
    Outcome o = run(name, [this] { return new QKeychain::DeletePasswordJob(m_service); });
    if (o.error != QKeychain::NoError && o.error != QKeychain::EntryNotFound)
        return toError(o.detail, o.error);
    return {};
}

} // namespace tq
