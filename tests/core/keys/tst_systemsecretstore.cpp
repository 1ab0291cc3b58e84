#include "core/common/apierrors.h"
#include "core/keys/systemsecretstore.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace tq;

namespace {

/// A keychain as the probe meets it: answering reads with "not found" (a service is there), and
/// either storing secrets or refusing to (a keyring without a usable collection).
class FakeKeychain : public SecretStore {
public:
    explicit FakeKeychain(bool canStore) : m_canStore(canStore) {}
    Result<SecureBytes> read(const QString &name) override
    {
        ++calls;
        if (m_canStore && name == m_stored)
            return SecureBytes(m_value);
        return Error(ApiError::NotFound, QStringLiteral("The secret does not exist."));
    }
    Result<void> write(const QString &name, const SecureBytes &secret) override
    {
        ++calls;
        if (!m_canStore)
            return Error(ApiError::Storage, QStringLiteral("no collection"));
        m_stored = name;
        m_value = secret.view().toByteArray();
        return {};
    }
    Result<void> remove(const QString &) override
    {
        ++calls;
        m_stored.clear();
        return {};
    }
    std::atomic<int> calls = 0;

private:
    bool m_canStore;
    QString m_stored;
    QByteArray m_value; // test data, not a real secret
};

} // namespace

class TestSystemSecretStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    /// A keychain that answers reads but cannot store (GNOME Keyring without a login collection)
    /// must not be chosen: every later write would fail.
    void keychainThatCannotStoreFallsBackToFiles()
    {
        QTemporaryDir dir;
        auto keychain = std::make_unique<FakeKeychain>(false);
        SystemSecretStore store(dir.path(), std::move(keychain));
        QCOMPARE(store.backend().value(), SystemSecretStore::Backend::File);
        QVERIFY(store.write(QStringLiteral("device-key"), SecureBytes(QByteArray("k"))));
    }

    void keychainThatStoresIsChosen()
    {
        QTemporaryDir dir;
        auto keychain = std::make_unique<FakeKeychain>(true);
        FakeKeychain *fake = keychain.get();
        SystemSecretStore store(dir.path(), std::move(keychain));
        QCOMPARE(store.backend().value(), SystemSecretStore::Backend::Keychain);
        // The probe leaves nothing behind.
        QVERIFY(fake->read(QStringLiteral("tongqian-probe")).error().is(ApiError::NotFound));
    }

    /// --secret-store files: the keychain is never asked, so nothing can wait for it.
    void filesPreferenceNeverAsksTheKeychain()
    {
        QTemporaryDir dir;
        auto keychain = std::make_unique<FakeKeychain>(true);
        FakeKeychain *fake = keychain.get();
        SystemSecretStore store(dir.path(), std::move(keychain), SystemSecretStore::Preference::File);
        QCOMPARE(store.backend().value(), SystemSecretStore::Backend::File);
        QVERIFY(store.write(QStringLiteral("device-key"), SecureBytes(QByteArray("k"))));
        QCOMPARE(fake->calls.load(), 0);
    }

    /// The first choice is remembered; a later, different preference is an error, never a switch
    /// that would lose the secrets kept in the other backend.
    void conflictingPreferenceIsRefused()
    {
        QTemporaryDir dir;
        {
            SystemSecretStore store(dir.path(), std::make_unique<FakeKeychain>(true),
                                    SystemSecretStore::Preference::File);
            QVERIFY(store.write(QStringLiteral("device-key"), SecureBytes(QByteArray("k"))));
        }
        SystemSecretStore again(dir.path(), std::make_unique<FakeKeychain>(true),
                                SystemSecretStore::Preference::Keychain);
        const auto read = again.read(QStringLiteral("device-key"));
        QVERIFY(!read);
        QVERIFY(read.error().is(ApiError::Storage));
        SystemSecretStore automatic(dir.path(), std::make_unique<FakeKeychain>(true));
        QVERIFY(automatic.read(QStringLiteral("device-key")));
    }

    void keychainPreferenceWithoutKeychainIsRefused()
    {
        QTemporaryDir dir;
        SystemSecretStore store(dir.path(), nullptr, SystemSecretStore::Preference::Keychain);
        QVERIFY(!store.write(QStringLiteral("device-key"), SecureBytes(QByteArray("k"))));
    }
};

QTEST_GUILESS_MAIN(TestSystemSecretStore)
#include "tst_systemsecretstore.moc"
