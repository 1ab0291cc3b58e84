#include "cli/scancommand.h"

#include "cli/certcommand.h"
#include "cli/errors.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "cli/secretinput.h"
#include "core/common/encoding.h"
#include "core/protocol/qrpayload.h"
#include "core/scan/qrdecoder.h"
#include "core/transactions/transactionservice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <unistd.h>

namespace tq::cli {

namespace {

const QString QrOption = QStringLiteral("qr");
const QString ImageOption = QStringLiteral("image");

void addScanOptions(QCommandLineParser &parser, bool withPin)
{
    parser.addOption({QrOption, QStringLiteral("The text of the QR code, e.g. as 'tongqian-cli decode' prints it."),
                      QStringLiteral("TEXT")});
    parser.addOption({ImageOption, QStringLiteral("An image file showing the QR code (decoded as 'decode' does)."),
                      QStringLiteral("FILE")});
    addKeyOptions(parser, withPin);
    addServerOption(parser);
}

// The Tongqian scan code of --qr or --image. An image may show other codes beside it.
Result<QString> scanText(const QCommandLineParser &parser)
{
    if (parser.isSet(QrOption) == parser.isSet(ImageOption))
        return Error(UsageErrorCode, QStringLiteral("Give the QR code as --qr TEXT or as --image FILE."));
    if (parser.isSet(QrOption))
        return parser.value(QrOption).trimmed();
    const QString file = parser.value(ImageOption);
    const auto codes = QrDecoder::decodeFile(file);
    if (!codes)
        return codes.error();
    QStringList scanCodes;
    for (const DecodedCode &code : codes.value()) {
        if (QrPayload::parse(code.text))
            scanCodes.append(code.text);
    }
    if (scanCodes.size() == 1)
        return scanCodes.constFirst();
    if (scanCodes.size() > 1)
        return Error(UsageErrorCode, QStringLiteral("%1 shows %2 Tongqian scan codes; give the one to answer with --qr "
                                                    "(see 'tongqian-cli decode %1').")
                                         .arg(file)
                                         .arg(scanCodes.size()));
    if (!codes.value().isEmpty())
        return Error(ErrorCode::InvalidQr, QString());
    return Error(ErrorCode::NotFound, QStringLiteral("There is no QR code in %1.").arg(file));
}

// What `scan show`, `complete` and `reject` share: the scan code, the device and its services.
struct Scan {
    QString text;
    std::unique_ptr<DeviceProfile> profile;
    std::unique_ptr<TransactionService> service;
};

Result<Scan> prepareScan(const QCommandLineParser &parser)
{
    auto text = scanText(parser);
    if (!text)
        return text.error();
    auto profile = openProfile(parser, Server::Needed);
    if (!profile)
        return profile.error();
    DeviceProfile &device = *profile.value();
    auto service = std::make_unique<TransactionService>(device.session(), device.custody(), device.certificates());
    return Scan{std::move(text).value(), std::move(profile).value(), std::move(service)};
}

// Claims the code for the logged-in account (from here on the code is used up) in the event
// loop and hands the transaction to `then`, which must call finish; errors are reported.
int runOnScan(const char *command, Scan &scan,
              const std::function<void(const ScanTransaction &, std::function<void(int)>)> &then)
{
    return runEventLoop([&](auto finish) {
        whenLoggedIn(*scan.profile, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError(command, loggedIn.error()));
            whenFinished(scan.service->open(scan.text), [&, finish](const Result<ScanTransaction> &opened) {
                if (!opened)
                    return finish(reportError(command, opened.error()));
                then(opened.value(), finish);
            });
        });
    });
}

QString actionWords(ScanAction action)
{
    switch (action) {
    case ScanAction::Login:
        return QStringLiteral("登录 (log in)");
    case ScanAction::Bind:
        return QStringLiteral("绑定 (bind the account)");
    case ScanAction::Sign:
        return QStringLiteral("签名 (sign)");
    case ScanAction::Seal:
        return QStringLiteral("签章 (seal documents)");
    case ScanAction::WithdrawSeal:
        return QStringLiteral("撤章 (withdraw a seal)");
    case ScanAction::Encrypt:
        return QStringLiteral("加密 (authorise encryption to your certificate)");
    case ScanAction::Decrypt:
        return QStringLiteral("解密 (decrypt digital envelopes)");
    case ScanAction::MessageSign:
        return QStringLiteral("消息签名 (sign a message)");
    }
    return scanActionName(action);
}

// What the user is asked to approve, in plain words, one `name: value` line per fact.
void printSummary(QTextStream &out, const ScanTransaction &t)
{
    const ScanContent &c = t.content;
    out << "action: " << actionWords(c.action) << '\n'
        << "platform: " << t.platformName << " (" << t.platformCode << ")\n"
        << "tId: " << t.tId << '\n';
    if (!c.data.isEmpty())
        out << "data: " << c.data.size() << " bytes, sha256 " << toHexText(digest(DigestAlgorithm::Sha256, c.data)) << '\n';
    if (!c.message.isEmpty())
        out << "message: " << c.message << '\n';
    if (!c.certSn.isEmpty())
        out << "sealed by certificate: " << c.certSn << '\n';
    if (!c.signOriVal.isEmpty())
        out << "seal to withdraw: " << c.signOriVal.size() << " bytes, sha256 "
            << toHexText(digest(DigestAlgorithm::Sha256, c.signOriVal)) << '\n';
    for (const ScanDocument &d : c.documents) {
        out << "document: " << d.name << ", " << d.size << " bytes, "
            << digestAlgorithmWireName(d.digestAlgorithm) << ' ' << toHexText(d.digest);
        if (!d.url.isEmpty())
            out << ", checked against " << d.url.toString();
        out << '\n';
    }
    for (const ScanHash &h : c.hashes)
        out << "hash: " << h.key << ' ' << digestAlgorithmWireName(h.algorithm) << ' ' << toHexText(h.value) << '\n';
    if (c.action == ScanAction::Decrypt)
        out << "envelopes: " << c.envelopes.size() << '\n';
    out << "code expires: " << utcText(t.expiresAt) << '\n' << "answer before: " << utcText(t.resultDeadline) << '\n';
    out.flush();
}

void printCertificates(QTextStream &out, const QList<CertificateRecord> &records)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (records.isEmpty())
        out << "certificates: none on this device can answer\n";
    for (const CertificateRecord &r : records)
        out << "certificate: " << certificateLine(r, now) << '\n';
    out.flush();
}

// The certificate to answer with: --cert if it can, else the only one that can.
Result<QString> chooseCertificate(const QCommandLineParser &parser, const QList<CertificateRecord> &eligible)
{
    QStringList ids;
    for (const CertificateRecord &r : eligible)
        ids << r.id;
    const QString given = parser.value(QStringLiteral("cert"));
    if (!given.isEmpty()) {
        if (ids.contains(given))
            return given;
        return Error("unsuitable_certificate",
                     QStringLiteral("Certificate %1 cannot answer this request%2.")
                         .arg(given, ids.isEmpty() ? QString() : QStringLiteral("; these can: ") + ids.join(u' ')));
    }
    if (ids.isEmpty())
        return Error(ErrorCode::NoUsableCertificate, QString());
    if (ids.size() > 1)
        return Error(UsageErrorCode, QStringLiteral("Several certificates can answer; choose one with --cert ID on a "
                                                    "fresh code: ")
                                         + ids.join(u' '));
    return ids.constFirst();
}

// The last step's handler: "TID STATUS" on stdout, or the error.
std::function<void(const Result<void> &)> outcome(const char *command, const QString &tId, const char *status,
                                                  const std::function<void(int)> &finish)
{
    return [=](const Result<void> &done) {
        if (!done)
            return finish(reportError(command, done.error()));
        QTextStream(stdout) << tId << ' ' << status << '\n';
        finish(ExitOk);
    };
}

int show(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Claim a scan code and show what it asks for and which certificates can answer. Claiming uses up the "
        "single-use code: to answer, refresh it on the platform and use 'scan complete'."));
    addScanOptions(parser, false);
    if (const int code = parseArguments(parser, "scan show", arguments); code >= 0)
        return code;
    auto scan = prepareScan(parser);
    if (!scan)
        return reportError("scan show", scan.error());
    return runOnScan("scan show", scan.value(), [&](const ScanTransaction &transaction, auto finish) {
        QTextStream out(stdout);
        printSummary(out, transaction);
        printCertificates(out, scan.value().service->eligibleCertificates(transaction));
        QTextStream(stderr) << "tongqian-cli scan show: this code is now used up; to answer the request, refresh "
                               "it on the platform and run 'tongqian-cli scan complete'.\n";
        finish(ExitOk);
    });
}

int complete(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Answer a scan code in one go: claim it, choose the certificate, show the request on stderr, ask for "
        "confirmation (unless --yes) and approve it with the PIN."));
    const QCommandLineOption cert(QStringLiteral("cert"),
                                  QStringLiteral("The signing certificate to answer with (default: the only one that "
                                                 "can)."),
                                  QStringLiteral("ID"));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Approve without asking."));
    parser.addOptions({cert, yes});
    addScanOptions(parser, true);
    if (const int code = parseArguments(parser, "scan complete", arguments); code >= 0)
        return code;
    // Everything that can be refused before the claim is, so that a mistake does not use up the code.
    const bool ask = !parser.isSet(yes);
    if (ask && !::isatty(STDIN_FILENO))
        return usageError("scan complete", "stdin is not a terminal to ask for confirmation; add --yes to approve "
                                           "without asking");
    auto scan = prepareScan(parser);
    if (!scan)
        return reportError("scan complete", scan.error());
    if (parser.isSet(cert)) {
        if (const auto record = installedCertificate(*scan.value().profile, parser.value(cert)); !record)
            return reportError("scan complete", record.error());
    }
    // A PIN typed on a terminal is asked for after the request is shown; any other is read now.
    std::optional<SecureBytes> pin;
    if (!secretFromTerminal(parser, PinSecret)) {
        auto read = readPin(parser);
        if (!read)
            return reportError("scan complete", read.error());
        pin.emplace(std::move(read).value());
    }
    TransactionService &service = *scan.value().service;
    QObject::connect(&service, &TransactionService::progress, &service, [](int step, int steps, const QString &what) {
        QTextStream(stderr) << "[" << step << "/" << steps << "] " << what << '\n';
    });
    return runOnScan("scan complete", scan.value(), [&](const ScanTransaction &transaction, auto finish) {
        QTextStream err(stderr);
        printSummary(err, transaction);
        const auto chosen = chooseCertificate(parser, service.eligibleCertificates(transaction));
        if (!chosen)
            return finish(reportError("scan complete", chosen.error()));
        err << "certificate: " << chosen.value() << '\n';
        err.flush();
        if (ask && !askYesNo(QStringLiteral("Approve this request?"))) {
            return whenDone(service.reject(transaction, QStringLiteral("Declined on the device")),
                            [finish](const Result<void> &) {
                                QTextStream(stderr) << "tongqian-cli scan complete: declined; nothing was signed.\n";
                                finish(ExitFailure);
                            });
        }
        if (!pin) {
            auto read = readPin(parser);
            if (!read)
                return finish(reportError("scan complete", read.error()));
            pin.emplace(std::move(read).value());
        }
        whenDone(service.approve(transaction, chosen.value(), *pin),
                 outcome("scan complete", transaction.tId, "completed", finish));
    });
}

int reject(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "\"This wasn't me\": claim a scan code and cancel its request; the platform sees it rejected and the "
        "scan report keeps the reason."));
    const QCommandLineOption reason(QStringLiteral("reason"), QStringLiteral("Why (at most 200 characters)."),
                                    QStringLiteral("TEXT"), QStringLiteral("This wasn't me"));
    parser.addOption(reason);
    addScanOptions(parser, false);
    if (const int code = parseArguments(parser, "scan reject", arguments); code >= 0)
        return code;
    auto scan = prepareScan(parser);
    if (!scan)
        return reportError("scan reject", scan.error());
    return runOnScan("scan reject", scan.value(), [&](const ScanTransaction &transaction, auto finish) {
        QTextStream err(stderr);
        printSummary(err, transaction);
        whenDone(scan.value().service->reject(transaction, parser.value(reason)),
                 outcome("scan reject", transaction.tId, "rejected", finish));
    });
}

QJsonObject toJson(const ScanReport &r)
{
    return {{QStringLiteral("tId"), r.tId},
            {QStringLiteral("action"), r.action},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("platformCode"), r.platformCode},
            {QStringLiteral("platformName"), r.platformName},
            {QStringLiteral("certSn"), r.certSn},
            {QStringLiteral("createdAt"), utcText(r.createdAt)},
            {QStringLiteral("completedAt"), r.completedAt.isValid() ? utcText(r.completedAt) : QString()},
            {QStringLiteral("reason"), r.reason}};
}

int reports(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List this account's scans, newest first (at most 200)."));
    const QCommandLineOption search(QStringLiteral("search"),
                                    QStringLiteral("Only scans whose platform, action, tId or certificate serial "
                                                   "contains TEXT."),
                                    QStringLiteral("TEXT"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("A JSON array instead of lines."));
    parser.addOptions({search, json});
    addKeyOptions(parser, false);
    addServerOption(parser);
    if (const int code = parseArguments(parser, "scan reports", arguments); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty())
        return usageError("scan reports", "takes no arguments");
    auto opened = openProfile(parser, Server::Needed);
    if (!opened)
        return reportError("scan reports", opened.error());
    DeviceProfile &device = *opened.value();
    TransactionService service(device.session(), device.custody(), device.certificates());
    return runEventLoop([&](auto finish) {
        whenLoggedIn(device, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("scan reports", loggedIn.error()));
            whenFinished(service.reports(parser.value(search)), [&, finish](const Result<QList<ScanReport>> &found) {
                if (!found)
                    return finish(reportError("scan reports", found.error()));
                QTextStream out(stdout);
                QJsonArray array;
                for (const ScanReport &r : found.value()) {
                    if (parser.isSet(json)) {
                        array.append(toJson(r));
                        continue;
                    }
                    out << utcText(r.createdAt) << ' ' << r.tId << ' ' << r.action << ' ' << r.status << ' '
                        << r.platformCode << ' ' << (r.certSn.isEmpty() ? QStringLiteral("-") : r.certSn) << ' '
                        << r.platformName;
                    if (!r.reason.isEmpty())
                        out << " (" << r.reason << ')';
                    out << '\n';
                }
                if (parser.isSet(json))
                    out << QJsonDocument(array).toJson(QJsonDocument::Indented);
                finish(ExitOk);
            });
        });
    });
}

} // namespace

int runScan(const QStringList &arguments)
{
    return runAction(
        "scan",
        {{"show", "show (--qr TEXT | --image FILE)            Claim a code and show its request (uses the code up)",
          &show},
         {"complete", "complete (--qr TEXT | --image FILE) [--cert ID] [--yes]   Answer a code with the PIN",
          &complete},
         {"reject", "reject (--qr TEXT | --image FILE) [--reason TEXT]   \"This wasn't me\": cancel its request",
          &reject},
         {"reports", "reports [--search TEXT] [--json]            List this account's scans", &reports}},
        arguments);
}

} // namespace tq::cli
