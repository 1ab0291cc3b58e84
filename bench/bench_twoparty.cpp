// bench_twoparty: two-party SM2 (docs/key-custody.md). The server's half of a signature per
// second of CPU (its throughput bound on this machine), the whole protocol's arithmetic, and the
// latency of TwoPartyKeyCustody::sign against a real server on loopback (median and p95 of wall
// time, PIN verifier and HTTP included). Usage: bench_twoparty [--short].
#include "benchsupport.h"
#include "core/account/accountsession.h"
#include "core/account/tokenstore.h"
#include "core/protocol/apiclient.h"
#include "core/crypto/sm2.h"
#include "core/crypto/twoparty.h"
#include "core/keys/twopartykeycustody.h"
#include "server/server.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <openssl/crypto.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <vector>

using namespace tq;

namespace {

using bench::cpuNs;
using bench::die;
using bench::measure;
using bench::Rate;

// Starts `job` and runs the event loop until it finishes; dies on an error.
void run(Job *job)
{
    job->setAutoDelete(false);
    QObject::connect(job, &Job::finished, job, [job] {
        if (job->hasError())
            die("job failed:", job->error().code + QLatin1Char(' ') + job->error().message);
        QCoreApplication::exit(0);
    });
    QTimer::singleShot(0, job, [job] { job->start(); });
    QCoreApplication::exec();
}

double percentile(QList<double> samples, double p)
{
    std::sort(samples.begin(), samples.end());
    return samples.at(std::min<qsizetype>(samples.size() - 1, qsizetype(p * double(samples.size()))));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--short"));
    const double seconds = quick ? 0.2 : 3.0;
    const int latencySamples = quick ? 5 : 200;

    std::printf("# bench_twoparty %s — %s, %s (%s), Qt %s, %s\n\n", quick ? "--short" : "",
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)),
                qPrintable(QSysInfo::prettyProductName()), qPrintable(QSysInfo::currentCpuArchitecture()), qVersion(),
                OpenSSL_version(OPENSSL_VERSION));

    // ---- arithmetic only
    const Sm2 sm2;
    const QByteArray session = "bench-session-01";
    auto device = twoparty::generateShare(sm2, twoparty::Party::Device, session);
    auto serverShare = device ? twoparty::serverKeygen(sm2, session, "bench-account", device.value().message)
                              : Result<twoparty::ServerKeygen>(twoparty::failed());
    if (!device || !serverShare)
        die("keygen failed");
    const BIGNUM *d1 = device.value().secret.get();
    const BIGNUM *d2 = serverShare.value().share.secret.get();
    const QByteArray publicKey =
        twoparty::deviceJointPublicKey(sm2, session, "bench-account", d1, serverShare.value().share.message).value();
    const QByteArray e = sm2.messageDigest(Sm2DefaultId, sm2.point(publicKey).get(), QByteArray(256, 'm'));
    const auto started = twoparty::DeviceSigning::start(sm2, e);
    const twoparty::SignRequest request = started.value().request();
    const QByteArray keyId = "bench-key";
    const twoparty::Proof proof = started.value().prove(keyId, session).value();

    const Rate serverHalf =
        measure(seconds, [&] { return bool(twoparty::serverSign(sm2, d2, request)); });
    // Issue 15: the server checks the device's proof of knowledge of k1 before it uses d2.
    const Rate serverHalfChecked = measure(seconds, [&] {
        return twoparty::checkSignRequest(sm2, keyId, session, request, proof) && twoparty::serverSign(sm2, d2, request);
    });
    const Rate whole = measure(seconds, [&] {
        auto signing = twoparty::DeviceSigning::start(sm2, e);
        auto response = twoparty::serverSign(sm2, d2, signing.value().request());
        return response && signing.value().finish(d1, publicKey, response.value());
    });
    const Rate wholeProved = measure(seconds, [&] {
        auto signing = twoparty::DeviceSigning::startHedged(sm2, e, d1);
        auto proved = signing.value().prove(keyId, session);
        auto response = proved && twoparty::checkSignRequest(sm2, keyId, session, signing.value().request(), proved.value())
            ? twoparty::serverSign(sm2, d2, signing.value().request())
            : Result<twoparty::SignResponse>(twoparty::failed());
        return response && signing.value().finish(d1, publicKey, response.value());
    });
    const SecureBytes pin(QByteArray("271828"));
    const Rate verifier = measure(seconds, [&] {
        return !twoparty::pinVerifier(pin, "0123456789abcdef", twoparty::DefaultPinCost).isEmpty();
    });

    // ---- a real server on loopback
    QTemporaryDir dir;
    server::ServerConfig config;
    config.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("server.sqlite"));
    config.masterKeyPath = dir.filePath(QStringLiteral("master.key"));
    config.passwordParams = PasswordHash::Params{10, 8, 1};
    config.cosignDecryptionsPerHour = 1000000;
    config.cosignSignaturesPerHour = 1000000;
    server::Server backend(config);
    if (auto started = backend.start(); !started)
        die("server did not start:", started.error().message);
    ApiClient api(backend.baseUrl());
    AccountSession account(&api, std::make_unique<MemoryTokenStore>());
    const QString phone = QStringLiteral("13700000001");
    run(account.sendSmsCode(phone, SmsPurpose::Register));
    ApiJob *outbox = api.get(QStringLiteral("/sandbox/sms-outbox?phone=") + phone);
    run(outbox);
    const QString code =
        outbox->data().value(u"messages").toArray().first().toObject().value(u"code").toString();
    outbox->deleteLater();
    run(account.registerAccount(phone, code, QStringLiteral("Tongqian2026")));

    auto secrets = std::make_shared<FileSecretStore>(dir.filePath(QStringLiteral("device")));
    TwoPartyKeyCustody custody({dir.filePath(QStringLiteral("keys")), {}}, secrets,
                               std::make_shared<ApiCosignTransport>(account.client()));
    auto *create = custody.createKey(KeyAlgorithm::Sm2, pin);
    run(create);
    const QString id = create->result().id;
    create->deleteLater();

    QList<double> latencies;
    for (int i = 0; i < latencySamples; ++i) {
        QElapsedTimer timer;
        timer.start();
        auto *sign = custody.sign(id, pin, QByteArray(256, 'm'));
        run(sign);
        latencies.append(double(timer.nsecsElapsed()) / 1e6);
        sign->deleteLater();
    }

    // ---- the server's signing throughput over HTTP: requests made ahead (the device's share of
    // the work is not the server's), `inFlight` outstanding at any time, every answer finished
    // and verified by the device afterwards so that only real signatures are counted.
    const int total = quick ? 40 : 2000;
    const int inFlight = 8;
    // A key made with the raw protocol, so the bench holds d1 to finish each answer.
    const QByteArray rawSession = "bench-throughput";
    auto rawShare = twoparty::generateShare(sm2, twoparty::Party::Device, rawSession);
    auto b64 = [](const QByteArray &b) { return QString::fromLatin1(b.toBase64()); };
    // The account's PIN record exists (the custody's key made it): every request proves the
    // PIN over a challenge of its own; the verifier is derived once, as a device does per job.
    ApiJob *record = api.post(QStringLiteral("/cosign/pin-challenges"), {}, account.accessToken());
    run(record);
    const QJsonObject cost = record->data().value(u"pinCost").toObject();
    const SecureBytes pinSecret = twoparty::pinVerifier(
        pin, QByteArray::fromBase64(record->data().value(u"pinSalt").toString().toLatin1()),
        {cost.value(u"logN").toInt(), cost.value(u"r").toInt(), cost.value(u"p").toInt()});
    record->deleteLater();
    auto withPin = [&](QJsonObject body, const QJsonObject &challenge, const QString &keyId, QByteArrayView operation,
                       QByteArrayView digest) {
        const QByteArray nonce = QByteArray::fromBase64(challenge.value(u"challenge").toString().toLatin1());
        body.insert(QStringLiteral("pinChallenge"), b64(nonce));
        body.insert(QStringLiteral("pinProof"),
                    b64(twoparty::pinProof(pinSecret.view(), nonce, keyId.toLatin1(), operation, digest)));
        return body;
    };
    ApiJob *keygenChallenge = api.post(QStringLiteral("/cosign/pin-challenges"), {}, account.accessToken());
    run(keygenChallenge);
    ApiJob *keygen = api.post(
        QStringLiteral("/cosign/keys"),
        withPin({{QStringLiteral("sessionId"), b64(rawSession)},
                 {QStringLiteral("publicShare"), b64(rawShare.value().message.publicShare)},
                 {QStringLiteral("commitment"), b64(rawShare.value().message.proof.commitment)},
                 {QStringLiteral("response"), b64(rawShare.value().message.proof.response)}},
                keygenChallenge->data(), {}, "keygen",
                twoparty::pinRequestDigest({rawSession, rawShare.value().message.publicShare})),
        account.accessToken());
    keygenChallenge->deleteLater();
    run(keygen);
    const QString rawId = keygen->data().value(u"keyId").toString();
    const QByteArray rawPublicKey = QByteArray::fromBase64(keygen->data().value(u"publicKey").toString().toLatin1());
    keygen->deleteLater();
    const QByteArray rawE = sm2.messageDigest(Sm2DefaultId, sm2.point(rawPublicKey).get(), QByteArray(256, 'm'));
    std::vector<twoparty::DeviceSigning> pending;
    pending.reserve(std::size_t(total));
    std::vector<twoparty::Proof> proofs;
    for (int i = 0; i < total; ++i) {
        pending.push_back(twoparty::DeviceSigning::start(sm2, rawE).value());
        proofs.push_back(pending.back().prove(rawId.toLatin1(), QByteArray::number(i).rightJustified(16, '0')).value());
    }
    std::vector<QJsonObject> answers(static_cast<std::size_t>(total));
    int sent = 0;
    int done = 0;
    QEventLoop loop;
    std::function<void()> sendNext = [&] {
        if (sent == total)
            return;
        const int i = sent++;
        ApiJob *issued = api.post(QStringLiteral("/cosign/pin-challenges"), {}, account.accessToken());
        QObject::connect(issued, &Job::finished, &loop, [&, issued, i] {
            if (issued->hasError())
                die("a PIN challenge over HTTP failed:", issued->error().message);
            issued->deleteLater();
            const twoparty::SignRequest &r = pending[std::size_t(i)].request();
            const twoparty::Proof &proof = proofs[std::size_t(i)];
            const QByteArray session = QByteArray::number(i).rightJustified(16, '0');
            ApiJob *job = api.post(QStringLiteral("/cosign/keys/%1/sign").arg(rawId),
                                   withPin({{QStringLiteral("sessionId"), b64(session)},
                                            {QStringLiteral("q1"), b64(r.q1)},
                                            {QStringLiteral("e"), b64(r.e)},
                                            {QStringLiteral("commitment"), b64(proof.commitment)},
                                            {QStringLiteral("response"), b64(proof.response)}},
                                           issued->data(), rawId, "sign",
                                           twoparty::pinRequestDigest({session, r.q1, r.e, proof.commitment,
                                                                       proof.response})),
                                   account.accessToken());
            QObject::connect(job, &Job::finished, &loop, [&, job, i] {
                if (job->hasError())
                    die("two-party sign over HTTP failed:", job->error().message);
                answers[std::size_t(i)] = job->data();
                if (++done == total)
                    return loop.quit();
                sendNext();
            });
            job->start();
        });
        issued->start();
    };
    QElapsedTimer wall;
    wall.start();
    const qint64 cpuStart = cpuNs();
    for (int i = 0; i < inFlight; ++i)
        sendNext();
    loop.exec();
    const double wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    const double cpuSeconds = double(cpuNs() - cpuStart) / 1e9;
    for (int i = 0; i < total; ++i) {
        const QJsonObject &a = answers[std::size_t(i)];
        auto unb64 = [&a](const char *k) { return QByteArray::fromBase64(a.value(QLatin1String(k)).toString().toLatin1()); };
        if (!pending[std::size_t(i)].finish(rawShare.value().secret.get(), rawPublicKey,
                                            {unb64("r"), unb64("s2"), unb64("s3")}))
            die("a two-party signature from the throughput run does not verify");
    }

    std::printf("| measurement | value |\n|---|---|\n");
    std::printf("| server half of a signature (serverSign), CPU-bound ops/s on one core | %.1f |\n",
                serverHalf.perSecond());
    std::printf("| the same with the check of the device's proof of k1 first (checkSignRequest), ops/s | %.1f |\n",
                serverHalfChecked.perSecond());
    std::printf("| whole protocol arithmetic (device start + server + device finish with verify), ops/s | %.1f |\n",
                whole.perSecond());
    std::printf("| the same with the hedged k1, the device's proof and the server's check of it, ops/s | %.1f |\n",
                wholeProved.perSecond());
    std::printf("| PIN verifier (scrypt N=2^16, r=8, p=2), ops/s on the device | %.1f |\n", verifier.perSecond());
    std::printf("| TwoPartyKeyCustody::sign on loopback, median ms (wall) | %.1f |\n", percentile(latencies, 0.5));
    std::printf("| TwoPartyKeyCustody::sign on loopback, p95 ms (wall) | %.1f |\n", percentile(latencies, 0.95));
    std::printf("| server two-party signatures over HTTP (each with its PIN challenge), %d in flight, per second (wall) | %.1f |\n", inFlight,
                total / wallSeconds);
    std::printf("| the same, process CPU seconds per 1,000 signatures (server and client) | %.2f |\n",
                cpuSeconds * 1000.0 / total);
    std::printf("\nops: server half %d (checked %d), whole %d (proved %d), verifier %d; loopback samples %d; HTTP "
                "signatures %d, all verified\n",
                serverHalf.operations, serverHalfChecked.operations, whole.operations, wholeProved.operations,
                verifier.operations, int(latencies.size()), total);
    backend.stop();
    return 0;
}
