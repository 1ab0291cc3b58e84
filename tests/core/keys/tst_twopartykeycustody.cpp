// TwoPartyKeyCustody against the real server over loopback HTTP: every operation is a real
// two-party protocol run, and the PIN is counted by the server.
#include "core/account/accountsession.h"
#include "core/common/apierrors.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"
#include "core/crypto/x509.h"
#include "core/keys/twopartykeycustody.h"
#include "testbackend.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <atomic>

using namespace tq;

namespace {

SecureBytes pin(const char *digits)
{
    return SecureBytes(QByteArray(digits));
}

template <typename T>
Result<T> await(TaskJob<T> *job)
{
    job->setAutoDelete(false);
    QSignalSpy spy(job, &Job::finished);
    job->start();
    if (!spy.wait(60000)) {
        delete job;
        return Error(ApiError::Internal, QStringLiteral("job timed out"));
    }
    Result<T> out = job->hasError() ? Result<T>(job->error()) : Result<T>(std::move(job->result()));
    delete job;
    return out;
}

// A server that is not there: what a thief with a copy of the device has.
class NoServer : public CosignTransport {
public:
    Result<QJsonObject> call(const QByteArray &, const QString &, const QJsonObject &) override
    {
        ++calls;
        return Error(ApiError::Network, QStringLiteral("offline"));
    }
    std::atomic<int> calls = 0;
};

QByteArray allFiles(const QString &dir)
{
    QByteArray out;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            out += f.readAll();
    }
    return out;
}

} // namespace

class TestTwoPartyKeyCustody : public QObject {
    Q_OBJECT

    test::TestBackend m_backend;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<FileSecretStore> m_secrets;
    std::unique_ptr<TwoPartyKeyCustody> m_custody;
    int m_phoneSeq = 0;

    QString keyDir() const { return m_dir->filePath(QStringLiteral("keys")); }

    std::shared_ptr<CosignTransport> transport()
    {
        return std::make_shared<ApiCosignTransport>(m_session->client());
    }

    KeyInfo createKey()
    {
        auto info = await(m_custody->createKey(KeyAlgorithm::Sm2, pin("123456")));
        return info ? info.value() : KeyInfo{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
    }

    void cleanupTestCase() { QThreadPool::globalInstance()->waitForDone(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_api = std::make_unique<ApiClient>(m_backend.url());
        m_secrets = std::make_shared<FileSecretStore>(m_dir->filePath(QStringLiteral("secrets")));
        m_session = std::make_unique<AccountSession>(
            m_api.get(), std::make_unique<FileTokenStore>(m_dir->filePath(QStringLiteral("session.json")), *m_secrets));
        const Error e = m_backend.registerAccount(*m_session, QStringLiteral("1370000%1").arg(++m_phoneSeq, 4, 10,
                                                                                           QLatin1Char('0')));
        QVERIFY2(e.isNull(), qPrintable(e.code));
        m_custody = std::make_unique<TwoPartyKeyCustody>(TwoPartyKeyCustody::Options{keyDir(), {}}, m_secrets,
                                                         transport());
    }

    // Users before what they use: the custody and session hold the client and the secret store.
    void cleanup()
    {
        m_custody.reset();
        QThreadPool::globalInstance()->waitForDone();
        m_session.reset();
        m_secrets.reset();
        m_api.reset();
        m_dir.reset();
    }

    void signAndDecryptThroughTheServer()
    {
        const KeyInfo info = createKey();
        QVERIFY(!info.id.isEmpty());
        QCOMPARE(info.algorithm, KeyAlgorithm::Sm2);
        auto pub = PublicKey::fromDer(info.publicKeyDer);
        QVERIFY(pub);

        auto sig = await(m_custody->sign(info.id, pin("123456"), "合同全文"));
        QVERIFY2(sig, qPrintable(sig ? QString() : sig.error().message));
        QVERIFY(pub.value().verify("合同全文", sig.value()));
        QVERIFY(!pub.value().verify("合同全文!", sig.value()));

        const Sm2 sm2;
        const QByteArray e = sm2.messageDigest(Sm2DefaultId, sm2.publicPoint(pub.value().get()).get(), "digest");
        auto digestSig = await(m_custody->signDigest(info.id, pin("123456"), e));
        QVERIFY(digestSig);
        QVERIFY(pub.value().verify("digest", digestSig.value()));

        const QList<QByteArray> items{"一", "二", "三"};
        auto each = await(m_custody->signEach(info.id, pin("123456"), items));
        QVERIFY(each);
        for (int i = 0; i < items.size(); ++i)
            QVERIFY(pub.value().verify(items.at(i), each.value().at(i)));

        const QByteArray ciphertext = pub.value().encrypt("投标文件密钥").value();
        auto plain = await(m_custody->decrypt(info.id, pin("123456"), ciphertext));
        QVERIFY(plain);
        QCOMPARE(plain.value().view(), QByteArrayView("投标文件密钥"));
        // Issue 15: a signing key decrypts once (to install its encryption key), then refuses.
        auto plains = await(m_custody->decryptEach(info.id, pin("123456"), {ciphertext, ciphertext}));
        QVERIFY(!plains);
        QCOMPARE(plains.error().code, QStringLiteral("wrong_key_usage"));

        auto listed = await(m_custody->keys());
        QCOMPARE(listed.value().size(), 1);
        QCOMPARE(listed.value().first().publicKeyDer, info.publicKeyDer);
    }

    // The certificate application signs its CSR through custody.sign(), so a two-party key's
    // request is signed by the two-party protocol; stock OpenSSL must accept it.
    void csrSignedByTheTwoPartyProtocol()
    {
        const KeyInfo info = createKey();
        auto draft = Csr::prepare(PublicKey::fromDer(info.publicKeyDer).value(),
                                  {{QStringLiteral("CN"), QStringLiteral("Tongqian device key")}});
        QVERIFY(draft);
        auto sig = await(m_custody->sign(info.id, pin("123456"), draft.value().toBeSigned()));
        QVERIFY(sig);
        auto csr = draft.value().assemble(sig.value());
        QVERIFY(csr);
        auto verified = Csr::verify(csr.value());
        QVERIFY(verified);
        QCOMPARE(verified.value().publicKeyDer, info.publicKeyDer);

        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY2(!openssl.isEmpty(), "the openssl command-line tool is required (package openssl)");
        QFile file(m_dir->filePath(QStringLiteral("two-party.csr")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pemEncode(csr.value(), "CERTIFICATE REQUEST"));
        file.close();
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(openssl, {QStringLiteral("req"), QStringLiteral("-verify"), QStringLiteral("-vfyopt"),
                          QStringLiteral("distid:1234567812345678"), QStringLiteral("-in"), file.fileName(),
                          QStringLiteral("-noout")});
        QVERIFY(p.waitForFinished(30000));
        QVERIFY(p.readAll().contains("verify OK"));
    }

    void onlySm2Keys()
    {
        QCOMPARE(await(m_custody->createKey(KeyAlgorithm::EcdsaP256, pin("123456"))).error().code,
                 QStringLiteral("crypto"));
        QCOMPARE(await(m_custody->importKey(pin("pkcs8"), pin("123456"))).error().code, QStringLiteral("crypto"));
    }

    void theServerCountsWrongPinsAndLocks()
    {
        const KeyInfo info = createKey();
        // A PIN that breaks the policy never reaches the server, so it does not count.
        QCOMPARE(await(m_custody->sign(info.id, pin("12"), "m")).error().code, QStringLiteral("invalid_pin"));
        for (int left = 5; left >= 1; --left) {
            auto r = await(m_custody->sign(info.id, pin("000000"), "m"));
            QCOMPARE(r.error().code, QStringLiteral("wrong_pin"));
            QCOMPARE(r.error().details.value(QStringLiteral("attemptsLeft")).toInt(), left);
        }
        QCOMPARE(await(m_custody->decrypt(info.id, pin("000000"), "x")).error().code, QStringLiteral("crypto"));
        const QByteArray ciphertext = PublicKey::fromDer(info.publicKeyDer).value().encrypt("x").value();
        QCOMPARE(await(m_custody->decrypt(info.id, pin("000000"), ciphertext)).error().code,
                 QStringLiteral("pin_locked"));
        QCOMPARE(await(m_custody->sign(info.id, pin("123456"), "m")).error().code, QStringLiteral("pin_locked"));
        QCOMPARE(await(m_custody->changePin(info.id, pin("123456"), pin("654321"))).error().code,
                 QStringLiteral("pin_locked"));
    }

    void changePinGoesThroughTheServer()
    {
        const KeyInfo info = createKey();
        QCOMPARE(await(m_custody->changePin(info.id, pin("111111"), pin("654321"))).error().code,
                 QStringLiteral("wrong_pin"));
        QVERIFY(await(m_custody->changePin(info.id, pin("123456"), pin("654321"))));
        QCOMPARE(await(m_custody->sign(info.id, pin("123456"), "m")).error().code, QStringLiteral("wrong_pin"));
        auto sig = await(m_custody->sign(info.id, pin("654321"), "m"));
        QVERIFY(sig);
        QVERIFY(PublicKey::fromDer(info.publicKeyDer).value().verify("m", sig.value()));
    }

    // A copy of everything on the device (key files and the device key) and no server: nothing
    // can be signed or decrypted, and no PIN guess can be told from another.
    void stolenDeviceImageCannotSignOrTestPins()
    {
        const KeyInfo info = createKey();
        const QString image = m_dir->filePath(QStringLiteral("image"));
        QVERIFY(QDir().mkpath(image));
        for (const QString &sub : {QStringLiteral("keys"), QStringLiteral("secrets")}) {
            QVERIFY(QDir().mkpath(image + QLatin1Char('/') + sub));
            const QDir from(m_dir->filePath(sub));
            for (const QString &name : from.entryList(QDir::Files))
                QVERIFY(QFile::copy(from.filePath(name), image + QLatin1Char('/') + sub + QLatin1Char('/') + name));
        }
        auto offline = std::make_shared<NoServer>();
        TwoPartyKeyCustody thief({image + QStringLiteral("/keys"), {}},
                                 std::make_shared<FileSecretStore>(image + QStringLiteral("/secrets")), offline);
        const auto right = await(thief.sign(info.id, pin("123456"), "m"));
        const auto wrong = await(thief.sign(info.id, pin("999999"), "m"));
        QVERIFY(!right && !wrong);
        QCOMPARE(right.error().code, wrong.error().code);
        QCOMPARE(right.error().message, wrong.error().message);
        QCOMPARE(offline->calls.load(), 2);

        // Nothing in the image depends on the PIN: its verifier is not there, in any encoding.
        const QByteArray files = allFiles(image);
        const QByteArray salt = [&] {
            QFile f(image + QStringLiteral("/keys/") + info.id + QStringLiteral(".tq2p"));
            f.open(QIODevice::ReadOnly);
            return QByteArray::fromBase64(
                QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("pinSalt")).toString().toLatin1());
        }();
        QCOMPARE(salt.size(), 16);
        const SecureBytes verifier = twoparty::pinVerifier(pin("123456"), salt, {10, 8, 1}); // TestBackend's cost
        QVERIFY(!files.contains(verifier.view().toByteArray()));
        QVERIFY(!files.contains(verifier.view().toByteArray().toBase64()));
        QVERIFY(!files.contains(verifier.view().toByteArray().toHex()));
    }

    // What the device takes from a certificate application's answer is checked before it is
    // stored: shares that do not make the certified key, or a whole key where a share was asked
    // for, leave nothing behind.
    void deliveredEncryptionKeyMustMakeTheCertifiedKey_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::newRow("server share of another key") << QStringLiteral("share");
        QTest::newRow("certificate for another key") << QStringLiteral("certificate");
        QTest::newRow("no cosign key id") << QStringLiteral("id");
        QTest::newRow("envelope for another device") << QStringLiteral("recipient");
    }
    void deliveredEncryptionKeyMustMakeTheCertifiedKey()
    {
        QFETCH(QString, tamper);
        const KeyInfo signing = createKey();
        const Sm2 sm2;
        // The test plays the KMC: a whole key, split, the device share enveloped to the signing key.
        auto whole = KeyPair::generate(KeyAlgorithm::Sm2);
        auto split = twoparty::splitKey(sm2, sm2.privateScalar(whole.value()).get());
        QVERIFY(split);
        const QByteArray joint = sm2.pointBytes(sm2.publicPoint(whole.value().get()).get());
        auto stranger = KeyPair::generate(KeyAlgorithm::Sm2);
        const PublicKey recipient =
            tamper == u"recipient" ? stranger.value().publicKey() : PublicKey::fromDer(signing.publicKeyDer).value();
        auto envelope = EnvelopedKey::sealShare(split.value().deviceShare.get(), joint, recipient);
        auto request = await(m_custody->encryptionKeyRequest(signing.id, pin("123456")));
        QVERIFY(request);
        EncryptionKeyDelivery delivery{envelope.value(), whole.value().publicKeyDer(), request.value(),
                                       QStringLiteral("7d1f3c52-8f4e-4c57-9a55-5f8f4f7b2a11"),
                                       split.value().serverPublicShare};
        if (tamper == u"share")
            delivery.serverPublicShare = twoparty::splitKey(sm2, sm2.privateScalar(whole.value()).get()).value().serverPublicShare;
        if (tamper == u"certificate")
            delivery.certifiedPublicKeyDer = stranger.value().publicKeyDer();
        if (tamper == u"id")
            delivery.cosignKeyId.clear();
        auto installed = await(m_custody->installEncryptionKey(signing.id, pin("123456"), delivery));
        QVERIFY(!installed);
        QCOMPARE(installed.error().code, tamper == u"recipient" ? QStringLiteral("crypto") : QStringLiteral("bad_response"));
        QCOMPARE(await(m_custody->keys()).value().size(), 1);
        // The same delivery untampered passes every device-side check and is stored (the server
        // has no such share, which only the next operation with it would find out). Issue 15: the
        // failed installation used the signing key's one decryption, so the retry is refused and
        // the delivery goes to a new signing key, as after a new application.
        if (tamper == u"share") {
            delivery.serverPublicShare = split.value().serverPublicShare;
            auto retry = await(m_custody->installEncryptionKey(signing.id, pin("123456"), delivery));
            QVERIFY(!retry);
            QCOMPARE(retry.error().code, QStringLiteral("wrong_key_usage"));
            const KeyInfo renewed = createKey();
            delivery.envelope = EnvelopedKey::sealShare(split.value().deviceShare.get(), joint,
                                                        PublicKey::fromDer(renewed.publicKeyDer).value())
                                    .value();
            auto good = await(m_custody->installEncryptionKey(renewed.id, pin("123456"), delivery));
            QVERIFY2(good, qPrintable(good ? QString() : good.error().code));
            QCOMPARE(good.value().publicKeyDer, whole.value().publicKeyDer());
            QCOMPARE(good.value().custody, CustodyKind::TwoParty);
        }
    }

    void deleteRemovesBothShares()
    {
        const KeyInfo info = createKey();
        // The server keeps its share unless the PIN is right, and counts the wrong one.
        auto wrong = await(m_custody->deleteKey(info.id, pin("654321")));
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, QStringLiteral("wrong_pin"));
        QCOMPARE(await(m_custody->keys()).value().size(), 1);
        QCOMPARE(await(m_custody->pinStatus(info.id)).value().attemptsLeft, 5);
        QVERIFY(await(m_custody->deleteKey(info.id, pin("123456"))));
        QCOMPARE(await(m_custody->keys()).value().size(), 0);
        // From a worker thread, as the custody calls it.
        auto server = await(new TaskJob<QJsonObject>([t = transport(), id = info.id] {
            return t->call("GET", QStringLiteral("/cosign/keys/") + id, {});
        }));
        QCOMPARE(server.error().code, QStringLiteral("not_found"));
        QCOMPARE(await(m_custody->sign(info.id, pin("123456"), "m")).error().code, QStringLiteral("not_found"));
    }
};

QTEST_GUILESS_MAIN(TestTwoPartyKeyCustody)
#include "tst_twopartykeycustody.moc"
