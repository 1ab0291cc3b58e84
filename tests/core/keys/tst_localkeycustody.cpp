// LocalKeyCustody and FileSecretStore: PIN handling, re-wrapping, at-rest format, failure modes.
#include "core/common/apierrors.h"
#include "core/common/errortext.h"
#include "core/crypto/certificateerrors.h"
#include "core/crypto/sm2.h"
#include "core/keys/localkeycustody.h"
#include "tests/core/cryptotesting.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>

using namespace tq;
using namespace tq::testing;

namespace {
SecureBytes pin(const char *digits)
{
    return SecureBytes(QByteArray(digits));
}

// Runs a custody job to completion, as a caller with an event loop would.
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

bool ownerOnly(const QString &path)
{
    const auto others
        = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    return !(QFile::permissions(path) & others);
}

bool failsWith(const Result<QByteArray> &r, const char *code)
{
    return !r && r.error().is(code);
}
} // namespace

class TestLocalKeyCustody : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<FileSecretStore> m_secrets;
    std::unique_ptr<LocalKeyCustody> m_custody;

    QString keyDir() const { return m_dir->filePath(QStringLiteral("keys")); }
    QString keyPath(const KeyInfo &info) const { return QDir(keyDir()).filePath(info.id + QStringLiteral(".tqkey")); }

    static LocalKeyCustody::Options fastOptions(const QString &dir)
    {
        LocalKeyCustody::Options o;
        o.directory = dir;
        o.kdfParams = PasswordHash::Params{10, 8, 1}; // tests need speed, not brute-force resistance
        return o;
    }

    KeyInfo createSm2()
    {
        auto info = await(m_custody->createKey(KeyAlgorithm::Sm2, pin("123456")));
        return info ? info.value() : KeyInfo{};
    }

    void editFile(const KeyInfo &info, const std::function<void(QJsonObject &)> &edit)
    {
        QFile f(keyPath(info));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        edit(o);
        f.resize(0);
        f.write(QJsonDocument(o).toJson());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Joins the worker threads, so OpenSSL frees their per-thread random generators before
    // LeakSanitizer looks at the heap.
    void cleanupTestCase() { QThreadPool::globalInstance()->waitForDone(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_secrets = std::make_shared<FileSecretStore>(m_dir->filePath(QStringLiteral("secrets")));
        m_custody = std::make_unique<LocalKeyCustody>(fastOptions(keyDir()), m_secrets);
    }

    void createSignVerify_data() { addAlgorithmRows(); }
    void createSignVerify()
    {
        QFETCH(KeyAlgorithm, algorithm);
        auto info = await(m_custody->createKey(algorithm, pin("123456")));
        QVERIFY2(info, qPrintable(info ? QString() : info.error().message));
        QCOMPARE(info.value().algorithm, algorithm);
        auto pub = PublicKey::fromDer(info.value().publicKeyDer);
        QVERIFY(pub);

        auto sig = await(m_custody->sign(info.value().id, pin("123456"), "合同全文"));
        QVERIFY(sig);
        QVERIFY(pub.value().verify("合同全文", sig.value()));
        QVERIFY(!pub.value().verify("合同全文!", sig.value()));

        auto listed = await(m_custody->keys());
        QVERIFY(listed);
        QCOMPARE(listed.value().size(), 1);
        QCOMPARE(listed.value().first().id, info.value().id);
        QCOMPARE(listed.value().first().publicKeyDer, info.value().publicKeyDer);
        QCOMPARE(listed.value().first().created, info.value().created);

        QVERIFY(ownerOnly(keyPath(info.value())));
        QVERIFY(ownerOnly(m_dir->filePath(QStringLiteral("secrets/") + LocalKeyCustody::deviceKeyName()
                                          + QStringLiteral(".secret"))));
    }

    void signDigestAndDecrypt()
    {
        const KeyInfo info = createSm2();
        auto pub = PublicKey::fromDer(info.publicKeyDer).value();
        const Sm2 sm2;
        const QByteArray e = sm2.messageDigest(Sm2DefaultId, sm2.publicPoint(pub.get()).get(), "message");
        auto sig = await(m_custody->signDigest(info.id, pin("123456"), e));
        QVERIFY(sig);
        QVERIFY(pub.verify("message", sig.value()));

        auto c = pub.encrypt("数字信封密钥");
        auto plain = await(m_custody->decrypt(info.id, pin("123456"), c.value()));
        QVERIFY(plain);
        QCOMPARE(plain.value().view().toByteArray(), QByteArray("数字信封密钥"));
        auto wrong = await(m_custody->decrypt(info.id, pin("000000"), c.value()));
        QVERIFY(!wrong && wrong.error().is(CertificateError::WrongPin));
    }

    void wrongPinIsAClearError()
    {
        const KeyInfo info = createSm2();
        auto r = await(m_custody->sign(info.id, pin("654321"), "data"));
        QVERIFY(failsWith(r, CertificateError::WrongPin));
        QVERIFY(!r.error().message.isEmpty());
        QVERIFY(await(m_custody->sign(info.id, pin("123456"), "data")));
    }

    void pinPolicy_data()
    {
        QTest::addColumn<QByteArray>("candidate");
        QTest::addColumn<bool>("acceptedByDefault");
        QTest::newRow("six digits") << QByteArray("024680") << true;
        QTest::newRow("five digits") << QByteArray("12345") << false;
        QTest::newRow("seven digits") << QByteArray("1234567") << false;
        QTest::newRow("letters") << QByteArray("12345a") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }
    void pinPolicy()
    {
        QFETCH(QByteArray, candidate);
        QFETCH(bool, acceptedByDefault);
        const auto r = PinPolicy{}.check(SecureBytes(candidate));
        QCOMPARE(bool(r), acceptedByDefault);
        if (!r)
            QVERIFY(r.error().is(CertificateError::InvalidPin));
        auto created = await(m_custody->createKey(KeyAlgorithm::Sm2, SecureBytes(candidate)));
        QCOMPARE(bool(created), acceptedByDefault);
        // A configured policy: 4–8 printable characters.
        const PinPolicy relaxed{4, 8, false};
        QVERIFY(relaxed.check(pin("ab1!")));
        QVERIFY(!relaxed.check(pin("abc")));
        // The refusal states the policy, so that the sentence for people can name it.
        const auto refused = relaxed.check(pin("abc"));
        QCOMPARE(refused.error().details.value(QStringLiteral("minLength")).toInt(), 4);
        QCOMPARE(refused.error().details.value(QStringLiteral("maxLength")).toInt(), 8);
        QCOMPARE(refused.error().details.value(QStringLiteral("digitsOnly")).toBool(), false);
        QVERIFY2(userMessage(refused.error()).contains(QStringLiteral("4–8")), qPrintable(userMessage(refused.error())));
    }

    void changePinKeepsTheKey()
    {
        const KeyInfo info = createSm2();
        auto bad = await(m_custody->changePin(info.id, pin("123456"), pin("12")));
        QVERIFY(!bad && bad.error().is(CertificateError::InvalidPin));
        auto notOwner = await(m_custody->changePin(info.id, pin("111111"), pin("222222")));
        QVERIFY(!notOwner && notOwner.error().is(CertificateError::WrongPin));

        QVERIFY(await(m_custody->changePin(info.id, pin("123456"), pin("987654"))));
        QVERIFY(failsWith(await(m_custody->sign(info.id, pin("123456"), "d")), CertificateError::WrongPin));
        auto sig = await(m_custody->sign(info.id, pin("987654"), "d"));
        QVERIFY(sig);
        QVERIFY(PublicKey::fromDer(info.publicKeyDer).value().verify("d", sig.value())); // same key
        auto listed = await(m_custody->keys()).value();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().publicKeyDer, info.publicKeyDer);
    }

    void fileHoldsNothingUsableWithoutTheDeviceKey()
    {
        const auto key = KeyPair::generate().value();
        const SecureBytes pkcs8 = key.privateKeyDer().value();
        const Sm2 sm2;
        const SecureBytes scalar = sm2.scalarBytes(sm2.privateScalar(key).get());
        auto info = await(m_custody->importKey(pkcs8, pin("123456")));
        QVERIFY(info);
        QCOMPARE(info.value().publicKeyDer, key.publicKeyDer());

        QFile f(keyPath(info.value()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        const QJsonObject o = QJsonDocument::fromJson(raw).object();
        const QByteArray wrapped = QByteArray::fromBase64(o.value(QStringLiteral("wrapped")).toString().toLatin1());
        QVERIFY(!wrapped.isEmpty());
        for (const QByteArray &haystack : {raw, wrapped}) {
            QVERIFY(!haystack.contains(pkcs8.view().toByteArray()));
            QVERIFY(!haystack.contains(pkcs8.view().toByteArray().toBase64()));
            QVERIFY(!haystack.contains(scalar.view().toByteArray()));
            QVERIFY(!haystack.contains(scalar.view().toByteArray().toHex()));
        }
        QVERIFY(!KeyPair::fromPrivateDer(SecureBytes(wrapped)));

        // Another device (same files, no device key) cannot open it even with the right PIN.
        LocalKeyCustody elsewhere(fastOptions(keyDir()),
                                  std::make_shared<FileSecretStore>(m_dir->filePath(QStringLiteral("other"))));
        QVERIFY(failsWith(await(elsewhere.sign(info.value().id, pin("123456"), "d")), CertificateError::KeyCorrupted));
        // A different device key is no better.
        auto store = std::make_shared<FileSecretStore>(m_dir->filePath(QStringLiteral("third")));
        QVERIFY(store->write(LocalKeyCustody::deviceKeyName(), SecureBytes(QByteArray(32, 'x'))));
        LocalKeyCustody third(fastOptions(keyDir()), store);
        QVERIFY(failsWith(await(third.sign(info.value().id, pin("123456"), "d")), CertificateError::KeyCorrupted));
        // And here, with the device key, it works.
        QVERIFY(await(m_custody->sign(info.value().id, pin("123456"), "d")));
    }

    void corruptedFilesGiveACleanError_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("wrapped blob") << QStringLiteral("wrapped");
        QTest::newRow("public key (bound as aad)") << QStringLiteral("publicKey");
        QTest::newRow("salt") << QStringLiteral("kdf");
        QTest::newRow("algorithm") << QStringLiteral("algorithm");
        QTest::newRow("not json") << QString();
    }
    void corruptedFilesGiveACleanError()
    {
        QFETCH(QString, field);
        const KeyInfo info = createSm2();
        if (field.isEmpty()) {
            QFile f(keyPath(info));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{ truncated");
        } else {
            editFile(info, [&](QJsonObject &o) {
                if (field == u"kdf") {
                    QJsonObject k = o.value(field).toObject();
                    k[QStringLiteral("salt")] = QString::fromLatin1(QByteArray(16, 's').toBase64());
                    o[field] = k;
                } else if (field == u"algorithm") {
                    o[field] = QStringLiteral("ecdsa-p256");
                } else {
                    QByteArray v = QByteArray::fromBase64(o.value(field).toString().toLatin1());
                    v[v.size() / 2] = char(v.at(v.size() / 2) ^ 0x40);
                    o[field] = QString::fromLatin1(v.toBase64());
                }
            });
        }
        QVERIFY(failsWith(await(m_custody->sign(info.id, pin("123456"), "d")), CertificateError::KeyCorrupted));
    }

    void deleteAndUnknownIds()
    {
        const KeyInfo info = createSm2();
        QVERIFY(await(m_custody->deleteKey(info.id, pin("123456"))));
        QVERIFY(!QFile::exists(keyPath(info)));
        QVERIFY(failsWith(await(m_custody->sign(info.id, pin("123456"), "d")), ApiError::NotFound));
        auto again = await(m_custody->deleteKey(info.id, pin("123456")));
        QVERIFY(!again && again.error().is(ApiError::NotFound));
        QVERIFY(await(m_custody->keys()).value().isEmpty());
        QVERIFY(
            failsWith(await(m_custody->sign(QStringLiteral("../secrets/x"), pin("123456"), "d")), ApiError::NotFound));
    }

    void jobsOutliveTheCustody()
    {
        auto *job = m_custody->createKey(KeyAlgorithm::Sm2, pin("123456"));
        m_custody.reset();
        auto info = await(job);
        QVERIFY(info);
        QVERIFY(QFile::exists(keyPath(info.value())));
    }

    void resultsArriveInTheCallerThread()
    {
        auto *job = m_custody->createKey(KeyAlgorithm::Sm2, pin("123456"));
        QThread *deliveredIn = nullptr;
        connect(job, &Job::finished, this, [&deliveredIn] { deliveredIn = QThread::currentThread(); });
        QSignalSpy destroyed(job, &QObject::destroyed);
        job->start();
        QVERIFY(!job->isFinished());    // the work runs on a worker, start() returns at once
        QVERIFY(destroyed.wait(60000)); // auto-deleted after finished()
        QCOMPARE(deliveredIn, QThread::currentThread());
    }

    void calibrationStaysInBounds()
    {
        const auto params = LocalKeyCustody::calibrate(30);
        QVERIFY(params.logN >= 14 && params.logN <= 17);
        QCOMPARE(params.r, 8);
        QCOMPARE(params.p, 1);
    }

    void fileSecretStore()
    {
        FileSecretStore store(m_dir->filePath(QStringLiteral("store")));
        auto missing = store.read(QStringLiteral("a"));
        QVERIFY(!missing && missing.error().is(ApiError::NotFound));
        QVERIFY(store.write(QStringLiteral("a"), SecureBytes(QByteArray("s3cret"))));
        QCOMPARE(store.read(QStringLiteral("a")).value().view().toByteArray(), QByteArray("s3cret"));
        QVERIFY(ownerOnly(m_dir->filePath(QStringLiteral("store/a.secret"))));
        QVERIFY(ownerOnly(m_dir->filePath(QStringLiteral("store"))));
        QVERIFY(store.remove(QStringLiteral("a")));
        QVERIFY(!store.read(QStringLiteral("a")));
        QVERIFY(!store.write(QStringLiteral("../escape"), SecureBytes(QByteArray("x"))));
    }
};

QTEST_GUILESS_MAIN(TestLocalKeyCustody)
#include "tst_localkeycustody.moc"
