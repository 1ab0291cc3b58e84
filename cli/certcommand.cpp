#include "cli/certcommand.h"

#include "cli/errors.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "cli/secretinput.h"
#include "core/common/encoding.h"
#include "core/crypto/digest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace tq::cli {

namespace {

QJsonObject toJson(const CertificateRecord &r, const QDateTime &now)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("pairId"), r.pairId},
            {QStringLiteral("caOrg"), r.caOrg},
            {QStringLiteral("usage"), r.usage},
            {QStringLiteral("status"), r.statusAt(now)},
            {QStringLiteral("serial"), r.serial},
            {QStringLiteral("subject"), r.subject},
            {QStringLiteral("issuer"), r.issuer},
            {QStringLiteral("notBefore"), utcText(r.notBefore)},
            {QStringLiteral("notAfter"), utcText(r.notAfter)},
            {QStringLiteral("keyId"), r.keyId},
            {QStringLiteral("sha256"),
             QString::fromLatin1(digest(DigestAlgorithm::Sha256, r.der).toHex(':'))}};
}

void printLine(const CertificateRecord &r, const QDateTime &now)
{
    QTextStream(stdout) << certificateLine(r, now) << '\n';
}

void addProfileOptions(QCommandLineParser &parser, bool withPin)
{
    addKeyOptions(parser, withPin);
    addServerOption(parser);
}

// The one certificate ID the action takes.
Result<QString> certificateId(const QCommandLineParser &parser)
{
    if (parser.positionalArguments().size() != 1)
        return Error(UsageErrorCode, QStringLiteral("Give exactly one certificate ID (see 'tongqian-cli cert list')."));
    return parser.positionalArguments().constFirst();
}

void addIdArgument(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The certificate ID."), QStringLiteral("ID"));
}

// The profile and the installed certificate the action's one ID argument names.
struct Installed {
    std::unique_ptr<DeviceProfile> profile;
    CertificateRecord record;
};

Result<Installed> openInstalled(const QCommandLineParser &parser, Server server = Server::NotNeeded)
{
    auto id = certificateId(parser);
    if (!id)
        return id.error();
    auto opened = openProfile(parser, server);
    if (!opened)
        return opened.error();
    auto record = installedCertificate(*opened.value(), id.value());
    if (!record)
        return record.error();
    return Installed{std::move(opened).value(), std::move(record).value()};
}

// The fresh proof of the person `cert apply` sends: --with-certificate (with --challenge and
// --sms-code from `cert challenge`), else --name and --id-number; none at all sends no proof and
// the server says what it needs (identity_required first, then fresh_proof_required).
struct ProofOptions {
    explicit ProofOptions(PersonOptions personOptions) : person(std::move(personOptions)) { }
    PersonOptions person;
    QCommandLineOption certificate{QStringLiteral("with-certificate"),
                                   QStringLiteral("Prove it is you with this installed valid signing certificate "
                                                  "(its PIN is the PIN given; the new pair gets it too)."),
                                   QStringLiteral("ID")};
    QCommandLineOption challenge{QStringLiteral("challenge"),
                                 QStringLiteral("The challenge 'tongqian-cli cert challenge' printed."),
                                 QStringLiteral("BASE64")};
    QCommandLineOption smsCode{QStringLiteral("sms-code"),
                               QStringLiteral("The SMS code sent with that challenge."), QStringLiteral("CODE")};
};

ProofOptions addProofOptions(QCommandLineParser &parser)
{
    ProofOptions options(addPersonOptions(parser, QStringLiteral("of the account holder, again")));
    parser.addOptions({options.certificate, options.challenge, options.smsCode});
    return options;
}

Result<ApplicationProof> proofFromOptions(const QCommandLineParser &parser, const ProofOptions &options)
{
    if (parser.isSet(options.certificate)) {
        const auto challenge = fromBase64Text(parser.value(options.challenge));
        if (!challenge || challenge->isEmpty() || parser.value(options.smsCode).isEmpty())
            return Error(UsageErrorCode,
                         QStringLiteral("--with-certificate needs --challenge and --sms-code from "
                                        "'tongqian-cli cert challenge'"));
        return ApplicationProof::ofCertificate(parser.value(options.certificate), *challenge,
                                               parser.value(options.smsCode).trimmed());
    }
    if (!parser.isSet(options.person.name) && !parser.isSet(options.person.idNumber))
        return ApplicationProof{};
    const auto person = personFromOptions(parser, options.person);
    if (!person)
        return person.error();
    return ApplicationProof::ofIdentity(person.value());
}

int challenge(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Ask for a single-use challenge for 'cert apply --with-certificate'; the server sends an SMS code to the "
        "account's phone. Prints the challenge (valid for 5 minutes)."));
    addProfileOptions(parser, false);
    if (const int code = parseArguments(parser, "cert challenge", arguments); code >= 0)
        return code;
    auto opened = openProfile(parser, Server::Needed);
    if (!opened)
        return reportError("cert challenge", opened.error());
    DeviceProfile &profile = *opened.value();
    return runEventLoop([&](auto finish) {
        whenLoggedIn(profile, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("cert challenge", loggedIn.error()));
            whenFinished(profile.certificates()->requestChallenge(), [finish](const Result<QByteArray> &issued) {
                if (!issued)
                    return finish(reportError("cert challenge", issued.error()));
                QTextStream(stdout) << toBase64Text(issued.value()) << '\n';
                finish(ExitOk);
            });
        });
    });
}

int apply(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Apply for a certificate pair (SM2: signing and encryption) and install it under a new PIN."));
    const QCommandLineOption alg(QStringLiteral("alg"), QStringLiteral("sm2 (default), p256 or rsa2048."),
                                 QStringLiteral("ALG"), QStringLiteral("sm2"));
    const QCommandLineOption days(QStringLiteral("days"), QStringLiteral("Validity in days, 1–1095 (default 365)."),
                                  QStringLiteral("N"), QStringLiteral("365"));
    const QCommandLineOption ca(QStringLiteral("ca"), QStringLiteral("CA institution code (default 010001)."),
                                QStringLiteral("CODE"), QStringLiteral("010001"));
    const QCommandLineOption custody = custodyOption("two-party");
    parser.addOptions({alg, days, ca, custody});
    const ProofOptions proofOptions = addProofOptions(parser);
    addProfileOptions(parser, true);
    if (const int code = parseArguments(parser, "cert apply", arguments); code >= 0)
        return code;
    const auto proof = proofFromOptions(parser, proofOptions);
    if (!proof)
        return reportError("cert apply", proof.error());
    const auto algorithm = algorithmFromOption(parser.value(alg));
    const auto kind = custodyFromOption(parser.value(custody));
    bool daysOk = false;
    const int validityDays = parser.value(days).toInt(&daysOk);
    if (!algorithm || !kind || !daysOk || !parser.positionalArguments().isEmpty())
        return usageError("cert apply",
                          "--alg must be sm2, p256 or rsa2048, --custody two-party or local and --days a number");
    if (*algorithm != KeyAlgorithm::Sm2 && parser.isSet(custody) && *kind == CustodyKind::TwoParty)
        return usageError("cert apply", "two-party keys are SM2 keys; p256 and rsa2048 keys are kept on this device");
    auto opened = openWithPin(parser, Server::Needed, Repeat::OnTerminal);
    if (!opened)
        return reportError("cert apply", opened.error());
    // Named references, not a structured binding: the lambdas below capture them, which clang 14
    // (the asan preset's compiler) does not allow for bindings.
    SecureBytes &pin = opened.value().pin;
    std::unique_ptr<DeviceProfile> &profile = opened.value().profile;
    // Refused here, before any key is made or request sent.
    if (auto valid = PinPolicy().check(pin); !valid)
        return reportError("cert apply", valid.error());
    CertificateService *certificates = profile->certificates();
    QObject::connect(certificates, &CertificateService::progress, certificates,
                     [](int step, int steps, const QString &what) {
                         QTextStream(stderr) << "[" << step << "/" << steps << "] " << what << '\n';
                     });
    return runEventLoop([&](auto finish) {
        whenLoggedIn(*profile, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("cert apply", loggedIn.error()));
            Job *job = certificates->apply(*algorithm, proof.value(), pin, validityDays, parser.value(ca),
                                           *algorithm == KeyAlgorithm::Sm2 ? kind : CustodyKind::Local);
            job->then(qApp, [&, finish](const Result<void> &done) {
                if (!done)
                    return finish(reportError("cert apply", done.error()));
                const QList<CertificateRecord> installed = certificates->installed();
                if (!installed.isEmpty()) {
                    for (const CertificateRecord &r : certificates->pair(installed.constFirst().pairId))
                        QTextStream(stdout) << r.id << ' ' << r.usage << ' ' << r.serial << '\n';
                }
                finish(ExitOk);
            });
        });
    });
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the certificates installed on this device."));
    const QCommandLineOption all(QStringLiteral("all"), QStringLiteral("Include expired and revoked certificates."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("A JSON array instead of lines."));
    const QCommandLineOption offline(QStringLiteral("offline"),
                                     QStringLiteral("Do not refresh the status from the server."));
    parser.addOptions({all, json, offline});
    addProfileOptions(parser, false);
    if (const int code = parseArguments(parser, "cert list", arguments); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty())
        return usageError("cert list", "takes no arguments");
    auto opened = openProfile(parser, parser.isSet(offline) ? Server::NotNeeded : Server::Needed);
    if (!opened)
        return reportError("cert list", opened.error());
    DeviceProfile &device = *opened.value();
    auto print = [&] {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QJsonArray array;
        for (const CertificateRecord &r : device.certificates()->installed()) {
            if (!parser.isSet(all) && !r.isValidAt(now))
                continue;
            if (parser.isSet(json))
                array.append(toJson(r, now));
            else
                printLine(r, now);
        }
        if (parser.isSet(json))
            QTextStream(stdout) << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitOk;
    };
    if (parser.isSet(offline))
        return print();
    return runEventLoop([&](auto finish) {
        whenLoggedIn(device, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("cert list", loggedIn.error()));
            device.certificates()->refresh()->then(qApp, [&, finish](const Result<void> &done) {
                finish(done ? print() : reportError("cert list", done.error()));
            });
        });
    });
}

int show(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show an installed certificate (as last refreshed)."));
    addIdArgument(parser);
    addProfileOptions(parser, false);
    if (const int code = parseArguments(parser, "cert show", arguments); code >= 0)
        return code;
    const auto installed = openInstalled(parser);
    if (!installed)
        return reportError("cert show", installed.error());
    const QJsonObject fields = toJson(installed.value().record, QDateTime::currentDateTimeUtc());
    QTextStream out(stdout);
    for (const char *name : {"id", "pairId", "usage", "status", "serial", "subject", "issuer", "notBefore",
                             "notAfter", "caOrg", "keyId", "sha256"})
        out << name << ": " << fields.value(QLatin1String(name)).toString() << '\n';
    return ExitOk;
}

int exportCertificate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Write an installed certificate to a file."));
    addIdArgument(parser);
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("The file to write."), QStringLiteral("FILE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("der (default, a .cer), pem or pem-chain (with its CA certificates)."),
                                    QStringLiteral("FORMAT"), QStringLiteral("der"));
    parser.addOptions({out, format});
    addProfileOptions(parser, false);
    if (const int code = parseArguments(parser, "cert export", arguments); code >= 0)
        return code;
    const QString f = parser.value(format);
    if (!parser.isSet(out) || (f != u"der" && f != u"pem" && f != u"pem-chain"))
        return usageError("cert export", "--out FILE is required and --format must be der, pem or pem-chain");
    const auto installed = openInstalled(parser);
    if (!installed)
        return reportError("cert export", installed.error());
    const CertificateFormat chosen = f == u"der" ? CertificateFormat::Der
        : f == u"pem"                            ? CertificateFormat::Pem
                                                 : CertificateFormat::PemWithChain;
    const auto written = installed.value().profile->certificates()->exportCertificate(installed.value().record.id,
                                                                                       parser.value(out), chosen);
    return written ? ExitOk : reportError("cert export", written.error());
}

int revoke(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Revoke a certificate and the other certificate of its pair. This cannot be undone."));
    addIdArgument(parser);
    const QCommandLineOption reason(QStringLiteral("reason"),
                                    QStringLiteral("RFC 5280 reason, e.g. keyCompromise (default unspecified)."),
                                    QStringLiteral("R"), QStringLiteral("unspecified"));
    const QCommandLineOption yes(QStringLiteral("yes"), QStringLiteral("Confirm the revocation."));
    parser.addOptions({reason, yes});
    addProfileOptions(parser, false);
    if (const int code = parseArguments(parser, "cert revoke", arguments); code >= 0)
        return code;
    auto id = certificateId(parser);
    if (!id)
        return reportError("cert revoke", id.error());
    if (!parser.isSet(yes))
        return usageError("cert revoke", "revoking cannot be undone and revokes the whole pair; add --yes to confirm");
    auto opened = openProfile(parser, Server::Needed);
    if (!opened)
        return reportError("cert revoke", opened.error());
    DeviceProfile &device = *opened.value();
    const auto record = installedCertificate(device, id.value());
    if (!record)
        return reportError("cert revoke", record.error());
    return runEventLoop([&](auto finish) {
        whenLoggedIn(device, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("cert revoke", loggedIn.error()));
            Job *job = device.certificates()->revoke(id.value(), parser.value(reason));
            job->then(qApp, [&, finish](const Result<void> &done) {
                if (!done)
                    return finish(reportError("cert revoke", done.error()));
                const QDateTime now = QDateTime::currentDateTimeUtc();
                for (const CertificateRecord &r : device.certificates()->pair(record.value().pairId))
                    printLine(r, now);
                finish(ExitOk);
            });
        });
    });
}

int changePin(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Change the PIN of a certificate's pair. The old PIN comes from the PIN options, the new one from the "
        "new-PIN options; both default to stdin (old PIN on the first line, new PIN on the next)."));
    addIdArgument(parser);
    addProfileOptions(parser, true);
    addSecretOptions(parser, NewPinSecret);
    if (const int code = parseArguments(parser, "cert change-pin", arguments); code >= 0)
        return code;
    auto installed = openInstalled(parser);
    if (!installed)
        return reportError("cert change-pin", installed.error());
    DeviceProfile &device = *installed.value().profile;
    const CertificateRecord &record = installed.value().record;
    const auto oldPin = readPin(parser);
    if (!oldPin)
        return reportError("cert change-pin", oldPin.error());
    const auto newPin = readSecret(parser, NewPinSecret, Repeat::OnTerminal);
    if (!newPin)
        return reportError("cert change-pin", newPin.error());
    if (auto valid = PinPolicy().check(newPin.value()); !valid)
        return reportError("cert change-pin", valid.error());
    return runEventLoop([&](auto finish) {
        whenKeyUsable(device, record.keyId, [&, finish](const Result<void> &usable) {
            if (!usable)
                return finish(reportError("cert change-pin", usable.error()));
            Job *job = device.certificates()->changePin(record.pairId, oldPin.value(), newPin.value());
            job->then(qApp, [&, finish](const Result<void> &done) {
                if (!done)
                    return finish(reportError("cert change-pin", done.error()));
                for (const CertificateRecord &r : device.certificates()->pair(record.pairId))
                    QTextStream(stdout) << "PIN changed: " << r.id << ' ' << r.usage << '\n';
                finish(ExitOk);
            });
        });
    });
}

int pinStatus(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Show how many wrong PINs the pair's keys have left (two-party keys: counted by the server)."));
    addIdArgument(parser);
    addProfileOptions(parser, false);
    if (const int code = parseArguments(parser, "cert pin-status", arguments); code >= 0)
        return code;
    auto installed = openInstalled(parser);
    if (!installed)
        return reportError("cert pin-status", installed.error());
    DeviceProfile &device = *installed.value().profile;
    const CertificateRecord &record = installed.value().record;
    return runEventLoop([&](auto finish) {
        whenKeyUsable(device, record.keyId, [&, finish](const Result<void> &usable) {
            if (!usable)
                return finish(reportError("cert pin-status", usable.error()));
            whenFinished(device.certificates()->pinStatus(record.pairId), [finish](const Result<PinStatus> &s) {
                if (!s)
                    return finish(reportError("cert pin-status", s.error()));
                QTextStream out(stdout);
                if (s.value().locked)
                    out << "locked: verify your identity again with 'tongqian-cli cert unlock'\n";
                else if (s.value().attemptsLeft < 0)
                    out << "no limit: the keys are kept only on this device\n";
                else
                    out << "attempts left: " << s.value().attemptsLeft << '\n';
                finish(ExitOk);
            });
        });
    });
}

int unlock(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Set a new PIN on a two-party pair, locked or not, after verifying the account holder's real name again. "
        "The new PIN comes from the new-PIN options (default: stdin; twice on a terminal)."));
    addIdArgument(parser);
    const PersonOptions personOptions = addPersonOptions(parser, QStringLiteral("of the account holder"));
    addProfileOptions(parser, false);
    addSecretOptions(parser, NewPinSecret);
    if (const int code = parseArguments(parser, "cert unlock", arguments); code >= 0)
        return code;
    // Checked here: on the server a malformed ID number would cost one of the day's unlocks.
    const auto proof = personFromOptions(parser, personOptions);
    if (!proof)
        return reportError("cert unlock", proof.error());
    auto installed = openInstalled(parser, Server::Needed);
    if (!installed)
        return reportError("cert unlock", installed.error());
    DeviceProfile &device = *installed.value().profile;
    const CertificateRecord &record = installed.value().record;
    const auto newPin = readSecret(parser, NewPinSecret, Repeat::OnTerminal);
    if (!newPin)
        return reportError("cert unlock", newPin.error());
    if (auto valid = PinPolicy().check(newPin.value()); !valid)
        return reportError("cert unlock", valid.error());
    return runEventLoop([&](auto finish) {
        whenKeyUsable(device, record.keyId, [&, finish](const Result<void> &usable) {
            if (!usable)
                return finish(reportError("cert unlock", usable.error()));
            Job *job = device.certificates()->resetPin(record.pairId, proof.value(), newPin.value());
            job->then(qApp, [&, finish](const Result<void> &done) {
                if (!done)
                    return finish(reportError("cert unlock", done.error()));
                for (const CertificateRecord &r : device.certificates()->pair(record.pairId))
                    QTextStream(stdout) << "PIN reset: " << r.id << ' ' << r.usage << '\n';
                finish(ExitOk);
            });
        });
    });
}

} // namespace

QString certificateLine(const CertificateRecord &record, const QDateTime &now)
{
    return QStringList{record.id, record.usage, record.statusAt(now), record.serial,
                       utcText(record.notAfter), record.subject}
        .join(u' ');
}

int runCert(const QStringList &arguments)
{
    return runAction(
        "cert",
        {{"apply", "apply [--alg sm2|p256|rsa2048] [--days N] --name N --id-number X | --with-certificate ID "
                   "--challenge C --sms-code S   Apply for and install a certificate pair",
          &apply},
         {"challenge", "challenge                                   Challenge + SMS code for apply --with-certificate",
          &challenge},
         {"list", "list [--all] [--json] [--offline]           List the installed certificates", &list},
         {"show", "show ID                                     Show a certificate", &show},
         {"export", "export ID --out FILE [--format der|pem|pem-chain]   Write a certificate to a file",
          &exportCertificate},
         {"revoke", "revoke ID [--reason R] --yes               Revoke a certificate pair", &revoke},
         {"change-pin", "change-pin ID                               Change the PIN of a pair", &changePin},
         {"pin-status", "pin-status ID                               Wrong PINs left before the pair locks", &pinStatus},
         {"unlock", "unlock ID --name N --id-number X           New PIN for a locked two-party pair", &unlock}},
        arguments);
}

} // namespace tq::cli
