// bench_sm2: SM2 signatures per second through the core (tq::KeyPair, tq::PublicKey, and
// LocalKeyCustody with and without the cost of the PIN unwrap) against `openssl speed sm2`
// in the same run; and the scalar arithmetic mod n of the two-party code (constant-time
// ScalarField, the Sm2 BIGNUM helpers over it) against the BN_mod_* calls it replaced.
// Usage: bench_sm2 [--short].
#include "benchsupport.h"
#include "core/crypto/keypair.h"
#include "core/crypto/sm2.h"
#include "core/keys/localkeycustody.h"
#include "core/keys/secretstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <openssl/bn.h>
#include <openssl/crypto.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <optional>

using namespace tq;

namespace {

const QByteArray Message(256, 'm'); // a short document digest input, as when signing a form

using bench::cpuNs;
using bench::die;
using bench::measure;
using bench::Rate;

// Runs `start` inside the event loop until it calls the finish function (jobs deliver there).
void runLoop(const std::function<void(std::function<void()>)> &start)
{
    QTimer::singleShot(0, QCoreApplication::instance(), [&] { start([] { QCoreApplication::exit(0); }); });
    QCoreApplication::exec();
}

template <typename T>
T runJob(TaskJob<T> *job)
{
    std::optional<T> result;
    runLoop([&](auto finish) {
        QObject::connect(job, &Job::finished, job, [&, job, finish] {
            if (job->hasError())
                die("custody job failed:", job->error().message);
            result.emplace(std::move(job->result()));
            finish();
        });
        job->start();
    });
    return std::move(*result);
}

// Custody signatures back to back, each a job on custody's worker as the app issues them.
Rate measureCustody(KeyCustody &custody, const QString &id, const SecureBytes &pin, double seconds, int minimum)
{
    Rate rate;
    qint64 start = 0;
    std::function<void()> next = [&] {
        auto *job = custody.sign(id, pin, Message);
        QObject::connect(job, &Job::finished, job, [&, job] {
            if (job->hasError())
                die("custody sign failed:", job->error().message);
            ++rate.operations;
            if (rate.operations >= minimum && cpuNs() - start >= qint64(seconds * 1e9))
                return QCoreApplication::exit(0);
            next();
        });
        job->start();
    };
    runLoop([&](auto) {
        start = cpuNs();
        next();
    });
    rate.seconds = double(cpuNs() - start) / 1e9;
    return rate;
}

struct OpensslSpeed {
    double sign = 0;
    double verify = 0;
    QString line;
};

// `openssl speed` prints "256 bits SM2 (CurveSM2)   0.0006s   0.0006s   1573.9   1673.5".
OpensslSpeed opensslSpeed(int seconds)
{
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        die("the openssl command-line tool is required (package openssl)");
    QProcess p;
    p.start(openssl, {QStringLiteral("speed"), QStringLiteral("-seconds"),
                      QString::number(seconds), QStringLiteral("sm2")});
    if (!p.waitForFinished(120000))
        die("openssl speed did not finish");
    static const QRegularExpression row(
        QStringLiteral(R"(^\s*256 bits SM2 \(CurveSM2\)\s+\S+s\s+\S+s\s+([0-9.]+)\s+([0-9.]+)\s*$)"),
        QRegularExpression::MultilineOption);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto m = row.match(out);
    if (!m.hasMatch())
        die("cannot read the output of openssl speed:", out);
    return {m.captured(1).toDouble(), m.captured(2).toDouble(), m.captured(0).trimmed()};
}

// One operation mod n three ways: ScalarField on limbs, the Sm2 BIGNUM helper (conversions
// included), and the variable-time BIGNUM call Sm2 made before (with the secure BN_CTX it made
// per call).
struct ArithmeticRates {
    Rate fixedWidth;
    Rate sm2Helper;
    Rate bignum;
};

// Rates per operation; each timed step runs a batch, so the CPU clock read is not what is timed.
Rate batched(double seconds, const std::function<bool()> &operation)
{
    constexpr int Batch = 256;
    Rate rate = measure(seconds, [&] {
        bool ok = true;
        for (int i = 0; i < Batch; ++i)
            ok = operation() && ok;
        return ok;
    });
    rate.operations *= Batch;
    return rate;
}

ArithmeticRates arithmeticRates(double seconds, const QByteArray &operation)
{
    const Sm2 sm2;
    const ScalarField &field = sm2.scalars();
    const auto a = sm2.randomScalar();
    const auto b = sm2.randomScalar();
    const Scalar x = field.reduce(ScalarField::fromBytes(sm2.scalarBytes(a.get()).view()));
    const Scalar y = field.reduce(ScalarField::fromBytes(sm2.scalarBytes(b.get()).view()));
    ossl::BnPtr exponent(BN_dup(sm2.order()));
    BN_sub_word(exponent.get(), 2);
    volatile std::uint64_t sink = 0; // keeps the results alive
    const auto keep = [&](const Scalar &r) {
        sink = sink + r.limbs()[0];
        return true;
    };
    const auto bignum = [&](auto call) {
        ossl::BnCtxPtr ctx(BN_CTX_secure_new());
        ossl::BnSecretPtr r(BN_new());
        return call(r.get(), ctx.get()) == 1;
    };
    if (operation == "multiply")
        return {batched(seconds, [&] { return keep(field.multiply(x, y)); }),
                batched(seconds, [&] { return sm2.multiply(a.get(), b.get()) != nullptr; }),
                batched(seconds, [&] {
                    return bignum([&](BIGNUM *r, BN_CTX *ctx) { return BN_mod_mul(r, a.get(), b.get(), sm2.order(), ctx); });
                })};
    if (operation == "add")
        return {batched(seconds, [&] { return keep(field.add(x, y)); }),
                batched(seconds, [&] { return sm2.add(a.get(), b.get()) != nullptr; }),
                batched(seconds, [&] {
                    return bignum([&](BIGNUM *r, BN_CTX *ctx) { return BN_mod_add(r, a.get(), b.get(), sm2.order(), ctx); });
                })};
    return {batched(seconds, [&] { return keep(field.inverse(x)); }),
            batched(seconds, [&] { return sm2.inverse(a.get()) != nullptr; }),
            batched(seconds, [&] {
                return bignum([&](BIGNUM *r, BN_CTX *ctx) {
                    return BN_mod_exp_mont_consttime(r, a.get(), exponent.get(), sm2.order(), ctx, nullptr);
                });
            })};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--short"));
    const double seconds = quick ? 0.2 : 3.0;
    const int opensslSeconds = quick ? 1 : 3;

    std::printf("# bench_sm2 %s — %s, %s (%s), Qt %s, %s\n\n", quick ? "--short" : "",
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)),
                qPrintable(QSysInfo::prettyProductName()), qPrintable(QSysInfo::currentCpuArchitecture()), qVersion(),
                OpenSSL_version(OPENSSL_VERSION));

    const auto pair = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!pair)
        die("cannot generate an SM2 key");
    const KeyPair &key = pair.value();
    const PublicKey publicKey = key.publicKey();
    const QByteArray signature = key.sign(Message).value();
    const Rate sign = measure(seconds, [&] { return bool(key.sign(Message)); });
    const Rate verify = measure(seconds, [&] { return publicKey.verify(Message, signature); });

    // Custody: the same signature after reading the key file and opening it under the PIN. With
    // test-cost scrypt (1 ms) the unwrap is almost free; calibrated, it costs what it costs the app.
    QTemporaryDir dir;
    auto secrets = std::make_shared<FileSecretStore>(dir.filePath(QStringLiteral("device")));
    const SecureBytes pin(QByteArray("271828"));
    auto custodyRate = [&](const char *name, std::optional<PasswordHash::Params> kdf, int minimum) {
        LocalKeyCustody::Options options;
        options.directory = dir.filePath(QString::fromLatin1(name));
        options.kdfParams = kdf;
        LocalKeyCustody custody(options, secrets);
        const KeyInfo info = runJob(custody.createKey(KeyAlgorithm::Sm2, pin));
        return measureCustody(custody, info.id, pin, seconds, minimum);
    };
    const Rate custodyCheap = custodyRate("cheap", PasswordHash::Params{10, 8, 1}, 1);
    const PasswordHash::Params calibrated = LocalKeyCustody::calibrate(LocalKeyCustody::Options().kdfTargetMs);
    const Rate custodyFull = custodyRate("calibrated", calibrated, quick ? 1 : 5);

    const OpensslSpeed reference = opensslSpeed(opensslSeconds);

    std::printf("| operation | ops/s | openssl speed ops/s | core / openssl |\n|---|---|---|---|\n");
    std::printf("| SM2 sign, tq::KeyPair::sign (SM3 with Z, 256-byte message) | %.1f | %.1f | %.2f |\n",
                sign.perSecond(), reference.sign, sign.perSecond() / reference.sign);
    std::printf("| SM2 verify, tq::PublicKey::verify | %.1f | %.1f | %.2f |\n", verify.perSecond(), reference.verify,
                verify.perSecond() / reference.verify);
    std::printf("| SM2 sign, LocalKeyCustody, test-cost scrypt logN 10 (≈ excluding the PIN unwrap) | %.1f | %.1f | %.2f |\n",
                custodyCheap.perSecond(), reference.sign, custodyCheap.perSecond() / reference.sign);
    std::printf("| SM2 sign, LocalKeyCustody, calibrated scrypt logN %d r %d (including the PIN unwrap) | %.2f | "
                "%.1f | %.4f |\n",
                calibrated.logN, calibrated.r, custodyFull.perSecond(), reference.sign,
                custodyFull.perSecond() / reference.sign);
    std::printf("\nops: sign %d, verify %d, custody %d / %d; openssl: %s\n", sign.operations, verify.operations,
                custodyCheap.operations, custodyFull.operations, qPrintable(reference.line));

    std::printf("\n| scalar arithmetic mod n | ScalarField ops/s | Sm2 helper (BIGNUM in/out) ops/s | "
                "BN_mod_* before ops/s | Sm2 helper / before |\n|---|---|---|---|---|\n");
    for (const char *operation : {"multiply", "add", "inverse"}) {
        const ArithmeticRates r = arithmeticRates(seconds, operation);
        std::printf("| %s | %.0f | %.0f | %.0f | %.2f |\n", operation, r.fixedWidth.perSecond(), r.sm2Helper.perSecond(),
                    r.bignum.perSecond(), r.sm2Helper.perSecond() / r.bignum.perSecond());
    }
    return 0;
}
