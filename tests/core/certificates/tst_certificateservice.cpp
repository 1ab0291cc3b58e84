// Applying for and installing certificates through key custody against the real server's CA.
#include "core/certificates/certificateservice.h"
#include "core/common/clock.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/x509.h"
#include "core/identity/identityservice.h"
#include "core/keys/localkeycustody.h"
#include "core/common/privatefile.h"
#include "core/keys/secretstore.h"
#include "opensslca.h"
#include "testparties.h"

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

    using Device = test::TestDevice;

    std::unique_ptr<Device> newDevice(ApiClient *, bool verified) { return Device::create(m_backend, verified); }

    QList<KeyInfo> keysOf(Device &d) { return tq::test::listKeys(*d.custody); }

    /// The error of using key `keyId` under `pin` (null: it worked): it signs, and the signature
    /// verifies; a two-party encryption key refuses to sign (issue 15), so it decrypts instead.
    Error signWith(Device &d, const QString &keyId, const QByteArray &pin)
    {
        QByteArray publicKeyDer;
        for (const KeyInfo &k : keysOf(d)) {
            if (k.id == keyId)
                publicKeyDer = k.publicKeyDer;
        }
        const auto installed = d.certificates->installed();
        const bool decrypts = DeviceKeyCustody::kindOf(keyId) == CustodyKind::TwoParty
            && std::any_of(installed.begin(), installed.end(), [&](const CertificateRecord &r) {
                   return r.keyId == keyId && r.usage == u"encryption";
               });
        if (decrypts)
            return decryptWith(d, keyId, publicKeyDer, pin);
        auto *job = d.custody->sign(keyId, SecureBytes(pin), "tender");
        job->setAutoDelete(false);
        Error result = test::waitFor(job);
        if (result.isNull()) {
            auto publicKey = PublicKey::fromDer(publicKeyDer);
            if (!publicKey || !publicKey.value().verify("tender", job->result()))
                result = Error(CertificateError::Crypto, QStringLiteral("signature does not verify"));
        }
        return result;
    }

    Error decryptWith(Device &d, const QString &keyId, const QByteArray &publicKeyDer, const QByteArray &pin)
    {
        auto publicKey = PublicKey::fromDer(publicKeyDer);
        auto ciphertext = publicKey ? publicKey.value().encrypt("tender") : Result<QByteArray>(publicKey.error());
        if (!ciphertext)
            return ciphertext.error();
        auto *job = d.custody->decrypt(keyId, SecureBytes(pin), ciphertext.value());
        job->setAutoDelete(false);
        Error result = test::waitFor(job);
        if (result.isNull() && job->result().view() != QByteArrayView("tender"))
            result = Error(CertificateError::Crypto, QStringLiteral("the plaintext differs"));
        delete job;
        return result;
    }

    /// Every key of every installed pair opens with `pin`; no key in custody is missing from the index.
    void checkConsistent(Device &d, const QByteArray &pin)
    {
        QStringList indexed;
        for (const CertificateRecord &r : d.certificates->installed()) {
            indexed.append(r.keyId);
            const Error e = signWith(d, r.keyId, pin);
            QVERIFY2(e.isNull(), qPrintable(r.usage + u": " + e.code));
        }
        QTRY_COMPARE(keysOf(d).size(), indexed.size());
        for (const KeyInfo &k : keysOf(d))
            QVERIFY(indexed.contains(k.id));
        // What is on disk agrees with what is in memory.
        CertificateService reloaded(d.session, d.custody, d.indexPath());
        QCOMPARE(reloaded.installed().size(), indexed.size());
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
        QSignalSpy progress(d->certificates, &CertificateService::progress);
        const Error e = test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin)));
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
        CertificateService again(d->session, d->custody, d->indexPath());
        QCOMPARE(again.installed().size(), 2);
    }

    // Whatever the environment's default: a two-party pair keeps its PIN count on the server,
    // locks after 6 wrong PINs, and only real-name verification again sets a new PIN.
    void twoPartyPairLocksAndUnlocksAfterRealNameVerification()
    {
        auto d = Device::create(m_backend, true, CustodyKind::TwoParty);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        const auto installed = d->certificates->installed();
        QCOMPARE(installed.size(), 2);
        const QString pairId = installed.first().pairId;
        QCOMPARE(d->certificates->custodyOf(pairId), CustodyKind::TwoParty);
        for (const CertificateRecord &r : installed)
            QCOMPARE(DeviceKeyCustody::kindOf(r.keyId), CustodyKind::TwoParty);
        checkConsistent(*d, Pin);

        auto status = [&]() -> PinStatus {
            auto *job = d->certificates->pinStatus(pairId);
            job->setAutoDelete(false);
            const Error e = test::waitFor(job);
            const PinStatus s = e.isNull() ? job->result() : PinStatus{-2, false};
            delete job;
            return s;
        };
        QCOMPARE(status().attemptsLeft, 6);
        QVERIFY(!status().locked);

        const QString signingKey = d->certificates->pair(pairId).first().keyId;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(signWith(*d, signingKey, "000000").code, QStringLiteral("wrong_pin"));
        QCOMPARE(status().attemptsLeft, 1);
        QCOMPARE(signWith(*d, signingKey, "000000").code, QStringLiteral("pin_locked"));
        QVERIFY(status().locked);
        QCOMPARE(signWith(*d, signingKey, Pin).code, QStringLiteral("pin_locked"));

        // Someone else's identity does not unlock it, and changes nothing.
        const Error stranger = test::waitFor(d->certificates->resetPin(
            pairId, {QStringLiteral("李四"), QStringLiteral("110105198001010016"), {}}, SecureBytes(QByteArray("654321"))));
        QCOMPARE(stranger.code, QStringLiteral("identity_mismatch"));
        QVERIFY(status().locked);
        // The account's own person does, with a new PIN for the whole pair.
        const Error own = test::waitFor(d->certificates->resetPin(
            pairId, {QStringLiteral("张三"), QStringLiteral("11010519491231002X"), {}}, SecureBytes(QByteArray("654321"))));
        QVERIFY2(own.isNull(), qPrintable(own.code + u' ' + own.message));
        QCOMPARE(status().attemptsLeft, 6);
        QVERIFY(!status().locked);
        checkConsistent(*d, "654321");
        QCOMPARE(signWith(*d, signingKey, Pin).code, QStringLiteral("wrong_pin"));
    }

    // Review finding (issue 15): 6 wrong PINs per key made 12 over a pair. The pair's signing key
    // and the KMC's split encryption key share the account's one counter: 6 in all lock both.
    void twoPartyPairSharesOneWrongPinCounter()
    {
        auto d = Device::create(m_backend, true, CustodyKind::TwoParty);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        const QList<CertificateRecord> pair = d->certificates->installed();
        QCOMPARE(pair.size(), 2);
        const auto decryptWith = [&](const CertificateRecord &r, const QByteArray &pin) {
            const auto ciphertext =
                PublicKey::fromDer(Certificate::parse(r.der).value().publicKeyDer).value().encrypt("bid key");
            auto *job = d->custody->decrypt(r.keyId, SecureBytes(pin), ciphertext.value());
            job->setAutoDelete(false);
            const Error e = test::waitFor(job);
            delete job;
            return e;
        };
        const auto encryption = std::find_if(pair.begin(), pair.end(),
                                             [](const CertificateRecord &r) { return r.usage == u"encryption"; });
        const auto signing = std::find_if(pair.begin(), pair.end(),
                                          [](const CertificateRecord &r) { return r.usage != u"encryption"; });
        QVERIFY(encryption != pair.end() && signing != pair.end());
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(signWith(*d, signing->keyId, "000000").code, QStringLiteral("wrong_pin"));
            const QString expected = i < 2 ? QStringLiteral("wrong_pin") : QStringLiteral("pin_locked");
            QCOMPARE(decryptWith(*encryption, "000000").code, expected);
        }
        QCOMPARE(signWith(*d, signing->keyId, Pin).code, QStringLiteral("pin_locked"));
        QCOMPARE(decryptWith(*encryption, Pin).code, QStringLiteral("pin_locked"));
    }

    void localPairHasNoServerLock()
    {
        auto d = Device::create(m_backend, true, CustodyKind::Local);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        const QString pairId = d->certificates->installed().first().pairId;
        QCOMPARE(d->certificates->custodyOf(pairId), CustodyKind::Local);
        auto *job = d->certificates->pinStatus(pairId);
        job->setAutoDelete(false);
        QVERIFY(test::waitFor(job).isNull());
        QCOMPARE(job->result().attemptsLeft, -1);
        delete job;
        QCOMPARE(test::waitFor(d->certificates->resetPin(pairId, {QStringLiteral("张三"), QStringLiteral("11010519491231002X"), {}},
                                                         SecureBytes(QByteArray("654321"))))
                     .code,
                 QStringLiteral("invalid_request"));
        checkConsistent(*d, Pin);
    }

    void p256GetsASingleCertificate()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::EcdsaP256, test::personProof(), SecureBytes(Pin))).isNull());
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
        const Error e = test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(pin)));
        QCOMPARE(e.code, code);
        QVERIFY(d->certificates->installed().isEmpty());
        QTRY_VERIFY(keysOf(*d).isEmpty()); // the half-made key is deleted
    }

    void changePinRewrapsBothKeys()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        const QString pairId = d->certificates->installed().first().pairId;
        const QByteArray newPin("654321");
        const auto keysBefore = keysOf(*d);

        // A wrong old PIN changes nothing.
        QCOMPARE(test::waitFor(d->certificates->changePin(pairId, SecureBytes(QByteArray("000000")), SecureBytes(newPin))).code,
                 QStringLiteral("wrong_pin"));
        checkConsistent(*d, Pin);
        // A new PIN outside the policy changes nothing either.
        QCOMPARE(test::waitFor(d->certificates->changePin(pairId, SecureBytes(Pin), SecureBytes(QByteArray("12")))).code,
                 QStringLiteral("invalid_pin"));
        checkConsistent(*d, Pin);

        QVERIFY(test::waitFor(d->certificates->changePin(pairId, SecureBytes(Pin), SecureBytes(newPin))).isNull());
        checkConsistent(*d, newPin);
        for (const CertificateRecord &r : d->certificates->installed())
            QCOMPARE(signWith(*d, r.keyId, Pin).code, QStringLiteral("wrong_pin"));
        // Re-wrapped, not regenerated: the certificates still certify the keys.
        QCOMPARE(keysOf(*d).size(), keysBefore.size());
        for (const KeyInfo &k : keysOf(*d)) {
            QVERIFY(std::any_of(keysBefore.begin(), keysBefore.end(), [&](const KeyInfo &b) {
                return b.id == k.id && b.publicKeyDer == k.publicKeyDer;
            }));
        }
        QCOMPARE(test::waitFor(d->certificates->changePin(QStringLiteral("no-such-pair"), SecureBytes(newPin), SecureBytes(Pin))).code,
                 QStringLiteral("certificate_not_found"));
    }

    void storageFailureDuringPinChangeKeepsTheOldPin_data()
    {
        QTest::addColumn<int>("skip");
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("first key, nothing written") << 0 << qint64(0);
        QTest::newRow("first key, half written") << 0 << qint64(100);
        QTest::newRow("second key, after the first changed") << 1 << qint64(100);
    }
    void storageFailureDuringPinChangeKeepsTheOldPin()
    {
        QFETCH(int, skip);
        QFETCH(qint64, bytes);
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        const QString pairId = d->certificates->installed().first().pairId;

        PrivateFile::failWriteForTesting(skip, bytes);
        const Error e = test::waitFor(d->certificates->changePin(pairId, SecureBytes(Pin), SecureBytes(QByteArray("654321"))));
        PrivateFile::failWriteForTesting(-1, 0);
        if (d->certificates->custodyOf(pairId) == CustodyKind::TwoParty) {
            // Two-party files hold nothing PIN-dependent: the change is the server's alone.
            QVERIFY2(e.isNull(), qPrintable(e.code));
            checkConsistent(*d, "654321");
            QCOMPARE(signWith(*d, d->certificates->installed().at(0).keyId, Pin).code, QStringLiteral("wrong_pin"));
            return;
        }
        QCOMPARE(e.code, QStringLiteral("storage"));
        // Both keys still open with the old PIN (the first one changed back when the second failed).
        QTRY_VERIFY(signWith(*d, d->certificates->installed().at(0).keyId, Pin).isNull());
        checkConsistent(*d, Pin);
    }

    void storageFailureDuringInstallKeepsThePreviousState()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        // A second application breaks at each of its writes in turn (signing key, encryption
        // key, index): every time the first pair stays usable and nothing is left half-installed.
        int failures = 0;
        for (int skip = 0; skip < 4; ++skip) {
            const auto before = d->certificates->installed().size();
            PrivateFile::failWriteForTesting(skip, 64);
            const Error e = test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin)));
            PrivateFile::failWriteForTesting(-1, 0);
            if (e.isNull()) {
                QCOMPARE(d->certificates->installed().size(), before + 2);
                break; // past the last write: this application did not fail
            }
            ++failures;
            QCOMPARE(e.code, QStringLiteral("storage"));
            QCOMPARE(d->certificates->installed().size(), before);
            checkConsistent(*d, Pin);
        }
        QCOMPARE(failures, 3);
        checkConsistent(*d, Pin);
    }

    void exportedCertificatesVerifyWithOpenssl()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        testing::OpensslCa openssl(d->dir.path());
        QVERIFY(openssl.available());
        for (const CertificateRecord &r : d->certificates->installed()) {
            QCOMPARE(r.chain.size(), 2);
            QVERIFY(d->certificates->exportCertificate(r.id, openssl.path(QStringLiteral("leaf.cer"))));
            QCOMPARE(openssl.read(QStringLiteral("leaf.cer")), r.der);
            QVERIFY(d->certificates->exportCertificate(r.id, openssl.path(QStringLiteral("leaf.pem")), CertificateFormat::Pem));
            QVERIFY(d->certificates->exportCertificate(r.id, openssl.path(QStringLiteral("bundle.pem")),
                                                        CertificateFormat::PemWithChain));
            QCOMPARE(openssl.read(QStringLiteral("bundle.pem")).count("BEGIN CERTIFICATE"), 3);
            QVERIFY(openssl.write(QStringLiteral("issuing.pem"), pemEncode(r.chain.at(0), "CERTIFICATE")));
            QVERIFY(openssl.write(QStringLiteral("root.pem"), pemEncode(r.chain.at(1), "CERTIFICATE")));
            const QString distid = QStringLiteral("distid:1234567812345678");
            const QByteArray ca = openssl.run({QStringLiteral("verify"), QStringLiteral("-vfyopt"), distid,
                                               QStringLiteral("-CAfile"), QStringLiteral("root.pem"), QStringLiteral("issuing.pem")});
            QVERIFY2(ca.contains("issuing.pem: OK"), ca.constData());
            const QByteArray leaf = openssl.run({QStringLiteral("verify"), QStringLiteral("-vfyopt"), distid,
                                                 QStringLiteral("-partial_chain"), QStringLiteral("-CAfile"),
                                                 QStringLiteral("issuing.pem"), QStringLiteral("leaf.pem")});
            QVERIFY2(leaf.contains("leaf.pem: OK"), leaf.constData());
            const QByteArray serial = openssl.run({QStringLiteral("x509"), QStringLiteral("-inform"), QStringLiteral("DER"),
                                                   QStringLiteral("-in"), QStringLiteral("leaf.cer"), QStringLiteral("-noout"),
                                                   QStringLiteral("-serial")});
            QVERIFY2(serial.trimmed() == "serial=" + r.serial.toLatin1(), serial.constData());
        }
        QCOMPARE(d->certificates->exportCertificate(QStringLiteral("nope"), openssl.path(QStringLiteral("x.cer"))).error().code,
                 QStringLiteral("certificate_not_found"));
        QCOMPARE(d->certificates->exportCertificate(d->certificates->installed().first().id,
                                                    d->dir.filePath(QStringLiteral("missing-dir/x.cer"))).error().code,
                 QStringLiteral("storage"));
    }

    void revokeMarksThePairAndRefreshSeesIt()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, test::personProof(), SecureBytes(Pin))).isNull());
        const auto now = QDateTime::currentDateTimeUtc();
        for (const CertificateRecord &r : d->certificates->installed())
            QVERIFY(r.isValidAt(now));
        // A second service over the same index: it learns of the revocation by refreshing.
        CertificateService other(d->session, d->custody, d->dir.filePath(QStringLiteral("other.json")));
        QSignalSpy changed(d->certificates, &CertificateService::installedChanged);
        QCOMPARE(test::waitFor(d->certificates->revoke(d->certificates->installed().first().id, QStringLiteral("bored"))).code,
                 QStringLiteral("invalid_request"));
        QVERIFY(test::waitFor(d->certificates->revoke(d->certificates->installed().first().id,
                                                      QStringLiteral("keyCompromise"))).isNull());
        QCOMPARE(changed.count(), 1);
        for (const CertificateRecord &r : d->certificates->installed()) {
            QCOMPARE(r.statusAt(now), QStringLiteral("revoked"));
            QVERIFY(!r.keyId.isEmpty()); // keys stay: old bid files must still open
        }
        QCOMPARE(test::waitFor(d->certificates->revoke(d->certificates->installed().first().id)).code,
                 QStringLiteral("already_revoked"));
        // Status survives a restart.
        CertificateService reloaded(d->session, d->custody, d->indexPath());
        QCOMPARE(reloaded.installed().first().status, QStringLiteral("revoked"));
        // Expiry is judged locally too.
        QCOMPARE(d->certificates->installed().first().statusAt(now.addYears(5)), QStringLiteral("revoked"));
        CertificateRecord fresh = d->certificates->installed().first();
        fresh.status = QStringLiteral("valid");
        QCOMPARE(fresh.statusAt(now.addYears(5)), QStringLiteral("expired"));
    }

    void refreshTakesOverTheServersStatus()
    {
        auto d = newDevice(m_api.get(), true);
        QVERIFY(d);
        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::EcdsaP256, test::personProof(), SecureBytes(Pin))).isNull());
        const QString id = d->certificates->installed().first().id;
        // Revoked behind this service's back (another device of the same account).
        auto *call = m_api->post(QStringLiteral("/certificates/%1/revocation").arg(id), {}, d->session->accessToken());
        QVERIFY(test::waitFor(call).isNull());
        QCOMPARE(d->certificates->installed().first().status, QStringLiteral("valid"));
        QVERIFY(test::waitFor(d->certificates->refresh()).isNull());
        QCOMPARE(d->certificates->installed().first().status, QStringLiteral("revoked"));
    }

    // Issue 15: local and two-party keys both sign the challenge of a certificate proof.
    void anInstalledCertificateProvesTheNextApplication_data()
    {
        QTest::addColumn<int>("custody");
        QTest::newRow("local") << int(CustodyKind::Local);
        QTest::newRow("two-party") << int(CustodyKind::TwoParty);
    }
    void anInstalledCertificateProvesTheNextApplication()
    {
        QFETCH(int, custody);
        auto d = Device::create(m_backend, true, CustodyKind(custody));
        QVERIFY(d);
        const auto first = d->applyFor(KeyAlgorithm::Sm2, Pin);
        QVERIFY(first);
        QCOMPARE(d->certificates->provingCertificates(Clock::now()).size(), 1);
        m_backend.advanceClock(61); // past the resend interval of the registration code
        auto *challenge = d->certificates->requestChallenge();
        challenge->setAutoDelete(false);
        QVERIFY(test::waitFor(challenge).isNull());
        const QByteArray bytes = challenge->result();
        delete challenge;
        const QString code = m_backend.smsCode(d->phone);

        // The wrong PIN for the existing key: nothing is issued, nothing is left behind.
        const int keysBefore = int(keysOf(*d).size());
        const Error wrong = test::waitFor(d->certificates->apply(
            KeyAlgorithm::Sm2, ApplicationProof::ofCertificate(first->id, bytes, code), SecureBytes(QByteArray("654321"))));
        QVERIFY(!wrong.isNull());
        QCOMPARE(int(keysOf(*d).size()), keysBefore);

        QVERIFY(test::waitFor(d->certificates->apply(KeyAlgorithm::Sm2, ApplicationProof::ofCertificate(first->id, bytes, code),
                                                     SecureBytes(Pin)))
                    .isNull());
        QCOMPARE(d->certificates->installed().size(), 4);
        checkConsistent(*d, Pin);
    }
};

QTEST_GUILESS_MAIN(TestCertificateService)
#include "tst_certificateservice.moc"
