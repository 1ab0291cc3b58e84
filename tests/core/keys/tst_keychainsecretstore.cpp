// KeychainSecretStore: blocking calls from workers, no deadlock on the owner thread, clean errors
// when no keychain service runs (the usual case in CI), and a round trip where one does.
#include "core/common/apierrors.h"
#include "core/keys/keychainsecretstore.h"

#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

using namespace tq;

class TestKeychainSecretStore : public QObject {
    Q_OBJECT

    // Runs `call` on a worker thread while this thread's event loop serves the keychain jobs.
    template <typename T>
    static T onWorker(std::function<T()> call)
    {
        QFutureWatcher<void> watcher;
        auto out = std::make_shared<std::optional<T>>();
        QSignalSpy spy(&watcher, &QFutureWatcher<void>::finished);
        watcher.setFuture(QtConcurrent::run([out, call] { out->emplace(call()); }));
        if (!spy.wait(20000))
            qFatal("keychain call did not return");
        return std::move(**out);
    }

private Q_SLOTS:
    void cleanupTestCase() { QThreadPool::globalInstance()->waitForDone(); } // see tst_localkeycustody

    void ownerThreadFailsFastInsteadOfDeadlocking()
    {
        KeychainSecretStore store(QStringLiteral("TongqianTest"));
        auto r = store.read(QStringLiteral("device-key"));
        QVERIFY(!r);
        QVERIFY(r.error().is(ApiError::Storage));
    }

    // Run by ctest inside tests/support/with-keyring.sh, which provides a real keychain.
    void workerRoundTrip()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("needs a keychain service: run through tests/support/with-keyring.sh");
        KeychainSecretStore store(QStringLiteral("TongqianTest"));
        store.setTimeout(10000);
        const QString name = QStringLiteral("tst-secret");
        auto written = onWorker<Result<void>>([&] { return store.write(name, SecureBytes(QByteArray("s3cret"))); });
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        auto read = onWorker<Result<SecureBytes>>([&] { return store.read(name); });
        QVERIFY(read);
        QCOMPARE(read.value().view().toByteArray(), QByteArray("s3cret"));
        QVERIFY(onWorker<Result<void>>([&] { return store.remove(name); }));
        auto gone = onWorker<Result<SecureBytes>>([&] { return store.read(name); });
        QVERIFY(!gone && gone.error().is(ApiError::NotFound));
    }

    // Run by ctest with no D-Bus session: the keychain refuses cleanly instead of hanging or
    // storing in clear.
    void withoutServiceWritesFailCleanly()
    {
        KeychainSecretStore store(QStringLiteral("TongqianTest"));
        auto written = onWorker<Result<void>>([&] { return store.write(QStringLiteral("x"), SecureBytes(QByteArray("s"))); });
        QVERIFY(!written);
        QVERIFY(written.error().is(ApiError::Storage));
    }

    void invalidNamesAreRefused()
    {
        KeychainSecretStore store(QStringLiteral("TongqianTest"));
        auto r = onWorker<Result<SecureBytes>>([&] { return store.read(QStringLiteral("../x")); });
        QVERIFY(!r);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
