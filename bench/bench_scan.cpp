// bench_scan: scan-to-result latency on loopback, as the app lives it. Per iteration a trading
// platform creates a transaction (login; sign with 1 hash; decrypt with 1 envelope), its QR
// code is rendered into a camera-sized photo (PNG), then timed: decode the file (QrDecoder) →
// TransactionService::open (claim) → approve in key custody → result accepted by the server.
// Twice: with test-cost scrypt and with the app's calibrated scrypt. Server, device and
// platform share one process and thread, with a temporary SQLite database.
// Usage: bench_scan [--short] [--iterations N].
#include "benchsupport.h"
#include "core/account/accountsession.h"
#include "core/account/tokenstore.h"
#include "core/certificates/certificateservice.h"
#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"
#include "core/identity/identityservice.h"
#include "core/keys/localkeycustody.h"
#include "core/keys/secretstore.h"
#include "core/protocol/platformclient.h"
#include "core/scan/qrdecoder.h"
#include "core/transactions/transactionservice.h"
#include "scanfixtures.h"
#include "server/server.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QSysInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

using namespace tq;

namespace {

using bench::die;
using bench::finished;

// One custody configuration with its own certificate pair, on the shared account.
struct Device {
    std::unique_ptr<LocalKeyCustody> custody;
    std::unique_ptr<CertificateService> certificates;
    std::unique_ptr<TransactionService> transactions;
    QString signingId;
    QByteArray envelope; ///< a session key SM2-encrypted to this pair's encryption certificate
    QString encryptionSerial;
};

Device makeDevice(AccountSession &session, const QString &dir, std::optional<PasswordHash::Params> kdf,
                  const SecureBytes &pin)
{
    Device d;
    LocalKeyCustody::Options options;
    options.directory = dir + QStringLiteral("/keys");
    options.kdfParams = kdf;
    d.custody = std::make_unique<LocalKeyCustody>(options, std::make_shared<FileSecretStore>(dir + QStringLiteral("/device")));
    d.certificates = std::make_unique<CertificateService>(&session, d.custody.get(), dir + QStringLiteral("/certificates.json"));
    d.transactions = std::make_unique<TransactionService>(&session, d.custody.get(), d.certificates.get());
    finished(d.certificates->apply(KeyAlgorithm::Sm2,
                                   ApplicationProof::ofIdentity({QStringLiteral("Zhang San"),
                                                                 QStringLiteral("11010519491231002X"), {}}),
                                   pin),
             "certificate application failed:");
    for (const CertificateRecord &r : d.certificates->installed()) {
        if (r.usage == u"signing") {
            d.signingId = r.id;
        } else {
            d.encryptionSerial = r.serial;
            const auto key = PublicKey::fromDer(Certificate::parse(r.der).value().publicKeyDer);
            d.envelope = key.value().encrypt(QByteArray(16, '\x5a')).value();
        }
    }
    return d;
}

struct Samples {
    std::vector<double> decode, claim, custody, post, total;
};

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto index = std::size_t(p * double(values.size() - 1) + 0.5);
    return values.at(std::min(index, values.size() - 1));
}

QJsonObject request(const QString &action, const Device &device)
{
    QJsonObject r{{QStringLiteral("action"), action}};
    if (action == u"sign")
        r.insert(QStringLiteral("hashes"),
                 QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                        {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                        {QStringLiteral("value"), QString::fromLatin1(QByteArray(32, '\x11').toBase64())}}});
    if (action == u"decrypt")
        r.insert(QStringLiteral("encryptInfoList"),
                 QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("env-1")},
                                        {QStringLiteral("caOrgType"), QStringLiteral("010001")},
                                        {QStringLiteral("encCertSn"), device.encryptionSerial},
                                        {QStringLiteral("encryptStr"), QString::fromLatin1(device.envelope.toBase64())}}});
    return r;
}

// One scan, timed from the photo file to the server's acceptance of the result.
void scanOnce(PlatformClient &platform, Device &device, const QString &action, const SecureBytes &pin,
              const QString &photo, quint32 seed, Samples &samples)
{
    const QJsonObject created =
        finished(platform.createTransaction(request(action, device)), "creating a transaction failed:")->data();
    const QImage qr = scantest::qrImage(created.value(u"qrContent").toString().toUtf8(), 4);
    if (!scantest::cameraFrame(QSize(1280, 720), qr, seed).save(photo))
        die("cannot write", photo);

    QElapsedTimer clock;
    qint64 signedAt = 0;
    const auto connection = QObject::connect(device.transactions.get(), &TransactionService::progress,
                                             [&](int step, int, const QString &) {
                                                 if (step == TransactionService::ApproveSteps)
                                                     signedAt = clock.nsecsElapsed();
                                             });
    clock.start();
    const auto codes = QrDecoder::decodeFile(photo);
    if (!codes || codes.value().isEmpty())
        die("the photo was not decoded:", photo);
    const qint64 decodedAt = clock.nsecsElapsed();
    const auto opened = finished(device.transactions->open(codes.value().constFirst().text), "claim failed:");
    const qint64 claimedAt = clock.nsecsElapsed();
    finished(device.transactions->approve(opened->result(), device.signingId, pin), "approval failed:");
    const qint64 doneAt = clock.nsecsElapsed();
    QObject::disconnect(connection);

    const QJsonObject polled = finished(platform.poll(created.value(u"tId").toString(),
                                                      created.value(u"pollToken").toString()),
                                        "poll failed:")
                                   ->data();
    if (polled.value(u"status").toString() != u"completed")
        die("the platform does not see the result:", polled.value(u"status").toString());
    auto ms = [](qint64 ns) { return double(ns) / 1e6; };
    samples.decode.push_back(ms(decodedAt));
    samples.claim.push_back(ms(claimedAt - decodedAt));
    samples.custody.push_back(ms(signedAt - claimedAt));
    samples.post.push_back(ms(doneAt - signedAt));
    samples.total.push_back(ms(doneAt));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    const bool quick = arguments.contains(QStringLiteral("--short"));
    int iterations = quick ? 3 : 50;
    if (const qsizetype i = arguments.indexOf(QStringLiteral("--iterations")); i > 0)
        iterations = std::max(1, arguments.value(i + 1).toInt());

    QTemporaryDir dir;
    server::ServerConfig config;
    config.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.sqlite"));
    // Every device is the same sandbox person; the per-person limit is not what is measured.
    config.activeSigningPairsPerPerson = 1 << 20;
    config.passwordParams = {10, 8, 1}; // account passwords are not what is measured
    server::Server server(config);
    if (auto started = server.start(); !started)
        die("the server did not start:", started.error().message);

    // The user: registered (code from the sandbox outbox) and verified.
    ApiClient deviceApi(server.baseUrl());
    AccountSession session(&deviceApi, std::make_unique<MemoryTokenStore>());
    const QString phone = QStringLiteral("13800009999");
    finished(session.sendSmsCode(phone, SmsPurpose::Register), "SMS failed:");
    const QJsonArray outbox =
        finished(deviceApi.get(QStringLiteral("/sandbox/sms-outbox?phone=") + phone), "outbox failed:")->data().value(u"messages").toArray();
    finished(session.registerAccount(phone, outbox.first().toObject().value(u"code").toString(), QStringLiteral("Tongqian2026")),
             "registration failed:");
    IdentityService identity(&session);
    finished(identity.verify(QStringLiteral("Zhang San"), QStringLiteral("11010519491231002X")), "verification failed:");

    // The platform, with an SM2 key for decrypt results.
    const KeyPair platformKey = KeyPair::generate(KeyAlgorithm::Sm2).value();
    const QJsonObject registered =
        finished(deviceApi.post(QStringLiteral("/sandbox/platforms"),
                                {{QStringLiteral("code"), QStringLiteral("C1100009999")},
                                 {QStringLiteral("name"), QStringLiteral("Bench trading platform")},
                                 {QStringLiteral("callbackUrl"), QStringLiteral("http://127.0.0.1:9/callback")},
                                 {QStringLiteral("allowedOrigins"), QJsonArray{QStringLiteral("https://bench.example.cn")}},
                                 {QStringLiteral("encryptionKey"), QString::fromLatin1(platformKey.publicKeyDer().toBase64())}}),
                 "platform registration failed:")
            ->data();
    PlatformClient platform(server.baseUrl(), QStringLiteral("C1100009999"), registered.value(u"secret").toString().toLatin1());

    const SecureBytes pin(QByteArray("271828"));
    const PasswordHash::Params testCost{10, 8, 1};
    const PasswordHash::Params calibrated = LocalKeyCustody::calibrate(LocalKeyCustody::Options().kdfTargetMs);
    struct Setting {
        QString name;
        Device device;
    };
    std::vector<Setting> settings;
    settings.push_back({QStringLiteral("test-cost scrypt logN %1").arg(testCost.logN),
                        makeDevice(session, dir.filePath(QStringLiteral("cheap")), testCost, pin)});
    settings.push_back({QStringLiteral("calibrated scrypt logN %1 r %2").arg(calibrated.logN).arg(calibrated.r),
                        makeDevice(session, dir.filePath(QStringLiteral("calibrated")), calibrated, pin)});

    std::printf("# bench_scan %s— %s, %s (%s), Qt %s, %d iterations per row, 1280x720 photo\n\n",
                quick ? "--short " : "", qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)),
                qPrintable(QSysInfo::prettyProductName()), qPrintable(QSysInfo::currentCpuArchitecture()), qVersion(),
                iterations);
    std::printf("Wall-clock ms, median / p95.\n\n| custody | action | decode | claim | sign/decrypt in custody | post "
                "result | total |\n|---|---|---|---|---|---|---|\n");
    const QString photo = dir.filePath(QStringLiteral("photo.png"));
    quint32 seed = 1;
    for (Setting &setting : settings) {
        for (const QString &action : {QStringLiteral("login"), QStringLiteral("sign"), QStringLiteral("decrypt")}) {
            Samples s;
            for (int i = 0; i < iterations; ++i)
                scanOnce(platform, setting.device, action, pin, photo, seed++, s);
            auto cell = [](const std::vector<double> &v) {
                return QStringLiteral("%1 / %2").arg(percentile(v, 0.5), 0, 'f', 1).arg(percentile(v, 0.95), 0, 'f', 1);
            };
            std::printf("| %s | %s | %s | %s | %s | %s | %s |\n", qPrintable(setting.name), qPrintable(action),
                        qPrintable(cell(s.decode)), qPrintable(cell(s.claim)), qPrintable(cell(s.custody)),
                        qPrintable(cell(s.post)), qPrintable(cell(s.total)));
            std::fflush(stdout);
        }
    }
    server.stop();
    return 0;
}
