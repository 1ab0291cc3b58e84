#include "cli/verifyresultcommand.h"

#include "cli/errors.h"
#include "cli/files.h"
#include "cli/options.h"
#include "core/common/encoding.h"
#include "core/crypto/keypair.h"
#include "core/verify/resultverifier.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace tq::cli {

namespace {

constexpr char Name[] = "verify-result";
constexpr qsizetype PlatformCodeLength = 11;

Error fileError(const QString &path, const QString &what)
{
    return Error(CliErrorCode, QStringLiteral("%1 is not %2.").arg(path, what));
}

Result<QJsonObject> readJsonObject(const QString &path, const QString &what)
{
    const auto bytes = readInputFile(path);
    if (!bytes)
        return bytes.error();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes.value(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return fileError(path, what);
    return document.object();
}

// A callback body carries the result in `data`, a poll answer in `result`; a bare result is
// accepted too, so whatever the platform saved can be checked as is.
QJsonObject resultObject(const QJsonObject &saved)
{
    for (const char *wrapper : {"data", "result"}) {
        const QJsonValue inner = saved.value(QLatin1String(wrapper));
        if (inner.isObject())
            return inner.toObject();
    }
    return saved;
}

Result<TrustAnchors> readAnchors(const QString &chainPath, const QString &crlPath)
{
    const auto chain = readJsonObject(chainPath, QStringLiteral("the JSON answer of GET /api/v1/ca/{caOrgType}/chain"));
    if (!chain)
        return chain.error();
    const auto issuingDer = fromBase64Text(chain.value().value(u"issuing"));
    const auto rootDer = fromBase64Text(chain.value().value(u"root"));
    if (!issuingDer || !rootDer)
        return fileError(chainPath, QStringLiteral("a chain with base64 \"issuing\" and \"root\" certificates"));
    auto issuing = Certificate::parse(*issuingDer);
    auto root = Certificate::parse(*rootDer);
    if (!issuing || !root)
        return fileError(chainPath, QStringLiteral("a chain of two readable certificates"));
    const auto crlDer = readInputFile(crlPath);
    if (!crlDer)
        return crlDer.error();
    auto crl = Crl::parse(crlDer.value());
    if (!crl)
        return fileError(crlPath, QStringLiteral("a DER CRL (the answer of GET /api/v1/ca/{caOrgType}/crl)"));
    return TrustAnchors{std::move(issuing).value(), std::move(root).value(), std::move(crl).value()};
}

// The platform's SM2 encryption key as registered: DER SPKI, or PEM "PUBLIC KEY".
Result<QByteArray> readPublicKey(const QString &path)
{
    const auto bytes = readInputFile(path);
    if (!bytes)
        return bytes.error();
    QByteArray der = bytes.value();
    if (der.startsWith("-----BEGIN PUBLIC KEY-----")) {
        QByteArray body;
        for (const QByteArray &line : der.split('\n')) {
            if (!line.startsWith("-----"))
                body += line.trimmed();
        }
        der = QByteArray::fromBase64(body);
    }
    if (!PublicKey::fromDer(der))
        return fileError(path, QStringLiteral("a public key (DER SubjectPublicKeyInfo or PEM PUBLIC KEY)"));
    return der;
}

struct Options {
    QCommandLineOption request{QStringLiteral("request"),
                               QStringLiteral("The JSON body this platform sent to POST /api/v1/platform/transactions "
                                              "(its own copy, never taken from the result)."),
                               QStringLiteral("FILE")};
    QCommandLineOption tId{QStringLiteral("tid"),
                           QStringLiteral("The tId of the server's 201 answer, as this platform stored it."),
                           QStringLiteral("TID")};
    QCommandLineOption result{QStringLiteral("result"),
                              QStringLiteral("The callback body, the poll answer, or its data/result object."),
                              QStringLiteral("FILE")};
    QCommandLineOption chain{QStringLiteral("chain"),
                             QStringLiteral("The saved answer of GET /api/v1/ca/{caOrgType}/chain."),
                             QStringLiteral("FILE")};
    QCommandLineOption crl{QStringLiteral("crl"), QStringLiteral("The saved DER of GET /api/v1/ca/{caOrgType}/crl."),
                           QStringLiteral("FILE")};
    QCommandLineOption platformKey{QStringLiteral("platform-key"),
                                   QStringLiteral("decrypt: the SM2 public key this platform registered."),
                                   QStringLiteral("FILE")};
    QCommandLineOption signer{QStringLiteral("signer"),
                              QStringLiteral("decrypt: the signing certificate from the earlier encrypt result."),
                              QStringLiteral("CERT")};
    QCommandLineOption pinRoot{QStringLiteral("pin-root"),
                               QStringLiteral("The root certificate's SHA-256 fingerprint, as the operator gave it "
                                              "(hex, colons optional)."),
                               QStringLiteral("SHA256")};
    QCommandLineOption at{QStringLiteral("at"),
                          QStringLiteral("Check validity and CRL freshness at this ISO-8601 UTC time (default: now)."),
                          QStringLiteral("TIME")};
};

Result<ExpectedResult> readExpected(const QCommandLineParser &parser, const Options &o)
{
    const auto request = readJsonObject(parser.value(o.request), QStringLiteral("a JSON object"));
    if (!request)
        return request.error();
    auto content = ScanContent::fromJson(request.value());
    if (!content)
        return Error(CliErrorCode, QStringLiteral("%1 is not a valid transaction request: %2")
                                       .arg(parser.value(o.request), content.error().message));
    ExpectedResult expected;
    expected.content = std::move(content).value();
    expected.tId = parser.value(o.tId);
    // A tId is the platform code followed by 32 hex digits (§2): the code needs no option of its own.
    expected.platformCode = expected.tId.left(PlatformCodeLength);
    if (parser.isSet(o.platformKey)) {
        auto key = readPublicKey(parser.value(o.platformKey));
        if (!key)
            return key.error();
        expected.platformEncryptionKeyDer = std::move(key).value();
    }
    if (parser.isSet(o.signer)) {
        auto signer = readCertificateFile(parser.value(o.signer));
        if (!signer)
            return signer.error();
        expected.knownSigner = std::move(signer).value();
    }
    return expected;
}

QString detailsText(const QVariantMap &details)
{
    QStringList parts;
    for (auto it = details.cbegin(); it != details.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key(), it.value().toString());
    return parts.join(u", ");
}

} // namespace

int runVerifyResult(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Verify a scan result (callback or poll) against this platform's own copy of the request, "
                       "with the shared result verifier (docs/qr-protocol.md section 12)."));
    const Options o;
    parser.addOptions({o.request, o.tId, o.result, o.chain, o.crl, o.pinRoot, o.platformKey, o.signer, o.at});
    if (const int code = parseArguments(parser, Name, arguments); code >= 0)
        return code;
    for (const QCommandLineOption *required : {&o.request, &o.tId, &o.result, &o.chain, &o.crl}) {
        if (!parser.isSet(*required))
            return usageError(Name, "--request, --tid, --result, --chain and --crl are required");
    }
    QDateTime now = QDateTime::currentDateTimeUtc();
    if (parser.isSet(o.at)) {
        now = QDateTime::fromString(parser.value(o.at), Qt::ISODate);
        if (!now.isValid())
            return usageError(Name, "--at must be an ISO-8601 time such as 2026-12-07T10:00:00Z");
    }
    const auto expected = readExpected(parser, o);
    if (!expected)
        return reportError(Name, expected.error());
    const auto saved = readJsonObject(parser.value(o.result), QStringLiteral("a JSON object"));
    if (!saved)
        return reportError(Name, saved.error());
    const auto anchors = readAnchors(parser.value(o.chain), parser.value(o.crl));
    if (!anchors)
        return reportError(Name, anchors.error());

    QTextStream out(stdout);
    if (parser.isSet(o.pinRoot)) {
        // The chain arrives over the same channel as the result: only an out-of-band fingerprint anchors it.
        const Certificate &root = anchors.value().root;
        if (!root.matchesFingerprint(parser.value(o.pinRoot))) {
            out << "FAILED  root certificate fingerprint " << root.fingerprintText() << " is not the pinned "
                << parser.value(o.pinRoot) << "\nVerdict: INVALID\n";
            return ExitFailure;
        }
        out << "ok      root certificate fingerprint matches the pinned one\n";
    }
    QStringList passed;
    const auto verified = verifyResult(expected.value(), resultObject(saved.value()), anchors.value(), now, &passed);
    for (const QString &line : std::as_const(passed))
        out << "ok      " << line << '\n';
    if (!verified) {
        const Error &e = verified.error();
        out << "FAILED  " << e.code;
        if (!e.details.isEmpty())
            out << " (" << detailsText(e.details) << ')';
        out << ": " << e.message << "\nVerdict: INVALID\n";
        return ExitFailure;
    }
    out << "Verdict: VALID (" << scanActionName(expected.value().content.action) << ", signed by certificate "
        << verified.value().signer.serialHex << ")\n";
    return ExitOk;
}

} // namespace tq::cli
