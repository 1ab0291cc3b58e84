// Applying for and installing certificates through key custody against the real server's CA.
#include "core/certificates/certificateservice.h"
#include "core/crypto/x509.h"
#include "core/identity/identityservice.h"
#include "core/keys/localkeycustody.h"
#include "core/keys/secretstore.h"
#include "testbackend.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace tq;

namespace {
const QByteArray Pin("123456");
} // namespace

class TestCertificateService : public QObject {
    Q_OBJECT
private:
    test::TestBackend m_backend;
    std::unique_ptr<ApiClient> m_api;
    int m_phoneSeq = 0;

    struct Device {
        QTemporaryDir dir;
        std::unique_ptr<AccountSession> session;
        std::unique_ptr<LocalKeyCustody> custody;
        std::unique_ptr<CertificateService> certificates;
    };

    std::unique_ptr<Device> newDevice(ApiClient *api, bool verified)
    {
        auto d = std::make_unique<Device>();
        d->session = std::make_unique<AccountSession>(api, std::make_unique<MemoryTokenStore>());
        const QString phone = QStringLiteral("1360000%1").arg(++m_phoneSeq, 4, 10, QLatin1Char('0'));
        if (!m_backend.registerAccount(*d->session, phone).isNull())
            return nullptr;
        if (verified) {
            IdentityService identity(d->session.get());
            if (!test::waitFor(identity.verify(QStringLiteral("张三"), QStringLiteral("11010519491231002X"))).isNull())
                return nullptr;
        }
        LocalKeyCustody::Options options;
        options.directory = d->dir.filePath(QStringLiteral("keys"));
        options.kdfParams = PasswordHash::Params{10, 8, 1}; // real scrypt, test-sized cost
        d->custody = std::make_unique<LocalKeyCustody>(
            options, std::make_shared<FileSecretStore>(d->dir.filePath(QStringLiteral("device"))));
        d->certificates = std::make_unique<CertificateService>(d->session.get(), d->custody.get(),
                                                               d->dir.filePath(QStringLiteral("certificates.json")));
        return d;
    }

    QList<KeyInfo> keysOf(Device &d)
    {
        auto *job = d.custody->keys();
        job->setAutoDelete(false);
        QSignalSpy spy(job, &Job::finished);
        job->start();
        spy.wait(10000);
        QList<KeyInfo> keys = job->hasError() ? QList<KeyInfo>() : job->result();
        job->deleteLater();
        return keys;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
        m_api = std::make_unique<ApiClient>(m_backend.url());
    }

    void sm2ApplicationInstallsTheDualPair()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QSignalSpy progress(d->certificates.get(), &CertificateService::progress);
        const Error e = test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, SecureBytes(Pin)));
        QVERIFY2(e.isNull(), qPrintable(e.code + u' ' + e.message));
        QCOMPARE(progress.count(), CertificateService::ApplySteps);

        const auto installed = d->certificates->installed();
        QCOMPARE(installed.size(), 2);
        const auto keys = keysOf(*d);
        QCOMPARE(keys.size(), 2);
        for (const CertificateRecord &r : installed) {
            QVERIFY(!r.keyId.isEmpty());
            auto cert = Certificate::parse(r.der);
            QVERIFY(cert);
            const auto key = std::find_if(keys.begin(), keys.end(), [&](const KeyInfo &k) { return k.id == r.keyId; });
            QVERIFY(key != keys.end());
            // Each certificate certifies exactly the key custody holds for it.
            QCOMPARE(cert.value().publicKeyDer, key->publicKeyDer);
            QVERIFY(cert.value().subject.contains(u"张三"));
        }
        const auto enc = std::find_if(installed.begin(), installed.end(),
                                      [](const CertificateRecord &r) { return r.usage == u"encryption"; });
        QVERIFY(enc != installed.end());
        // The KMC's key now decrypts on this device: what a bid file would be encrypted with.
        auto recipient = PublicKey::fromDer(Certificate::parse(enc->der).value().publicKeyDer);
        QVERIFY(recipient);
        const QByteArray secret("bid-file session key 0123456789");
        auto ciphertext = recipient.value().encrypt(secret);
        QVERIFY(ciphertext);
        auto *decrypt = d->custody->decrypt(enc->keyId, SecureBytes(Pin), ciphertext.value());
        decrypt->setAutoDelete(false);
        QSignalSpy done(decrypt, &Job::finished);
        decrypt->start();
        QVERIFY(done.wait(10000));
        QVERIFY(!decrypt->hasError());
        QCOMPARE(decrypt->result().view().toByteArray(), secret);
        delete decrypt;

        // The index survives a restart of the service.
        CertificateService again(d->session.get(), d->custody.get(), d->dir.filePath(QStringLiteral("certificates.json")));
        QCOMPARE(again.installed().size(), 2);
    }

    void p256GetsASingleCertificate()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::EcdsaP256, SecureBytes(Pin))).isNull());
        QCOMPARE(d->certificates->installed().size(), 1);
        QCOMPARE(d->certificates->installed().first().usage, QStringLiteral("signing"));
    }

    void refusalsLeaveNothingBehind_data()
    {
        QTest::addColumn<bool>("verified");
        QTest::addColumn<QByteArray>("pin");
        QTest::addColumn<QString>("code");
        QTest::newRow("no real name") << false << Pin << QStringLiteral("identity_required");
        QTest::newRow("PIN too short") << true << QByteArray("12") << QStringLiteral("invalid_pin");
    }
    void refusalsLeaveNothingBehind()
    {
        QFETCH(bool, verified);
        QFETCH(QByteArray, pin);
        QFETCH(QString, code);
        auto d = newDevice(m_api.get(), verified);
        QVERIFY(d);
        const Error e = test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, SecureBytes(pin)));
        QCOMPARE(e.code, code);
        QVERIFY(d->certificates->installed().isEmpty());
        QTRY_VERIFY(keysOf(*d).isEmpty()); // the half-made key is deleted
    }
};

QTEST_GUILESS_MAIN(TestCertificateService)
#include "tst_certificateservice.moc"
