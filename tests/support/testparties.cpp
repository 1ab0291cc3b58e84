#include "testparties.h"

#include "core/identity/identityservice.h"
#include "core/keys/secretstore.h"

#include <QDir>
#include <QJsonArray>
#include <QTest>

namespace tq::test {

QList<KeyInfo> listKeys(KeyCustody &custody)
{
    auto *job = custody.keys();
    job->setAutoDelete(false);
    QList<KeyInfo> keys;
    if (const Error e = waitFor(job); !e.isNull())
        QTest::qFail(qPrintable(QStringLiteral("listing the keys failed: ") + e.code), __FILE__, __LINE__);
    else
        keys = job->result();
    delete job;
    return keys;
}

CustodyKind TestDevice::defaultCustody()
{
    return qgetenv("TONGQIAN_TEST_CUSTODY") == "two-party" ? CustodyKind::TwoParty : CustodyKind::Local;
}

DeviceProfile::Options testProfileOptions(const QString &dataDir, const QUrl &server)
{
    DeviceProfile::Options options;
    options.dataDir = dataDir;
    options.serverUrl = server;
    options.custody = TestDevice::defaultCustody();
    options.secrets = std::make_shared<FileSecretStore>(QDir(dataDir).filePath(QStringLiteral("device")));
    options.kdfParams = PasswordHash::Params{10, 8, 1}; // real scrypt, test-sized cost
    return options;
}

std::unique_ptr<TestDevice> TestDevice::create(TestBackend &backend, bool verified, std::optional<CustodyKind> custody)
{
    static int sequence = 0;
    auto d = std::make_unique<TestDevice>();
    DeviceProfile::Options options = testProfileOptions(d->dir.path(), backend.url());
    options.custody = custody.value_or(defaultCustody());
    d->profile = std::make_unique<DeviceProfile>(std::move(options));
    d->api = d->profile->api();
    d->session = d->profile->session();
    d->custody = d->profile->custody();
    d->certificates = d->profile->certificates();
    d->transactions = d->profile->transactions();
    d->phone = QStringLiteral("1370000%1").arg(++sequence, 4, 10, QLatin1Char('0'));
    if (Error e = backend.registerAccount(*d->session, d->phone); !e.isNull()) {
        qWarning("registration failed: %s", qPrintable(e.message));
        return nullptr;
    }
    if (verified) {
        IdentityService identity(d->session);
        if (Error e = waitFor(identity.verify(TestPersonName, TestPersonIdNumber));
            !e.isNull()) {
            qWarning("verification failed: %s", qPrintable(e.message));
            return nullptr;
        }
    }
    return d;
}

std::optional<CertificateRecord> TestDevice::applyFor(KeyAlgorithm algorithm, const QByteArray &pin)
{
    if (Error e = waitFor(certificates->apply(algorithm, personProof(), SecureBytes(pin))); !e.isNull()) {
        qWarning("application failed: %s", qPrintable(e.message));
        return std::nullopt;
    }
    for (const CertificateRecord &r : certificates->installed()) {
        if (r.usage == u"signing")
            return r; // newest first
    }
    return std::nullopt;
}

namespace {
QJsonObject waitForData(ApiJob *job)
{
    job->setAutoDelete(false);
    const Error e = waitFor(job);
    const QJsonObject data = e.isNull() ? job->data() : QJsonObject();
    if (!e.isNull())
        qWarning("platform call failed: %s %s", qPrintable(e.code), qPrintable(e.message));
    return data;
}
} // namespace

std::unique_ptr<TestPlatform> TestPlatform::create(TestBackend &backend, const QString &code, const QString &allowedOrigin)
{
    auto p = std::make_unique<TestPlatform>();
    p->code = code;
    auto key = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!key)
        return nullptr;
    p->encryptionKey.emplace(std::move(key).value());
    ApiClient api(backend.url());
    const QJsonObject reply = waitForData(api.post(
        QStringLiteral("/sandbox/platforms"),
        {{QStringLiteral("code"), code},
         {QStringLiteral("name"), QStringLiteral("Test trading platform %1").arg(code)},
         {QStringLiteral("callbackUrl"), QStringLiteral("http://127.0.0.1:9/callback")},
         {QStringLiteral("allowedOrigins"), QJsonArray{allowedOrigin}},
         {QStringLiteral("encryptionKey"), QString::fromLatin1(p->encryptionKey->publicKeyDer().toBase64())}}));
    p->secret = reply.value(u"secret").toString().toLatin1();
    if (p->secret.isEmpty())
        return nullptr;
    p->client = std::make_unique<PlatformClient>(backend.url(), code, p->secret);
    return p;
}

QJsonObject TestPlatform::createTransaction(const QJsonObject &request)
{
    return waitForData(client->createTransaction(request));
}

QJsonObject TestPlatform::poll(const QJsonObject &created)
{
    return waitForData(client->poll(created.value(u"tId").toString(), created.value(u"pollToken").toString()));
}

} // namespace tq::test
