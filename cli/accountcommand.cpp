#include "cli/accountcommand.h"

#include "cli/errors.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "cli/secretinput.h"
#include "core/common/errortext.h"

#include <QJsonArray>
#include <QTextStream>

namespace tq::cli {

namespace {

const QString PhoneOption = QStringLiteral("phone");
const QString SmsCodeOption = QStringLiteral("sms-code");
const QString SandboxSmsOption = QStringLiteral("sandbox-sms");

void addProfileOptions(QCommandLineParser &parser)
{
    addKeyOptions(parser, false);
    addServerOption(parser);
}

void addSmsOptions(QCommandLineParser &parser)
{
    parser.addOption({SmsCodeOption, QStringLiteral("The code from the SMS (sent by an earlier run without it)."),
                      QStringLiteral("CODE")});
    parser.addOption({SandboxSmsOption, QStringLiteral("Send a code and read it from the sandbox server's SMS "
                                                       "outbox (sandbox servers only).")});
}

void printAccount(const Account &account)
{
    QTextStream(stdout) << "account: " << account.id << "\nphone: " << account.phone
                        << "\nidentity: " << (account.identityVerified ? "verified" : "not verified") << '\n';
}

// The newest code for `purpose` in the outbox of a sandbox server (the operator console's view).
void sandboxSmsCode(DeviceProfile &profile, const QString &phone, const QString &purpose,
                    std::function<void(Result<QString>)> handler)
{
    ApiJob *job = profile.api()->get(QStringLiteral("/sandbox/sms-outbox?phone=") + phone);
    QObject::connect(job, &Job::finished, job, [job, purpose, handler = std::move(handler)] {
        if (job->hasError())
            return handler(job->httpStatus() == 404
                               ? Error("no_sandbox", QStringLiteral("This server has no sandbox SMS outbox; "
                                                                    "--sandbox-sms only works against a sandbox server."))
                               : job->error());
        for (const QJsonValue &message : job->data().value(u"messages").toArray()) {
            if (message.toObject().value(u"purpose").toString() == purpose)
                return handler(message.toObject().value(u"code").toString());
        }
        handler(Error("no_sandbox", QStringLiteral("The sandbox SMS outbox has no code for this number.")));
    });
    job->start();
}

// The SMS code: --sms-code as given; with --sandbox-sms one is sent and read back; otherwise one
// is sent and an empty code tells the caller to stop and ask for it.
void obtainSmsCode(DeviceProfile &profile, const QCommandLineParser &parser, const QString &phone, SmsPurpose purpose,
                   std::function<void(Result<QString>)> handler)
{
    if (parser.isSet(SmsCodeOption))
        return handler(parser.value(SmsCodeOption).trimmed());
    const bool sandbox = parser.isSet(SandboxSmsOption);
    const QString purposeName = purpose == SmsPurpose::Register ? QStringLiteral("register") : QStringLiteral("login");
    whenDone(profile.session()->sendSmsCode(phone, purpose),
             [&profile, phone, sandbox, purposeName, handler = std::move(handler)](const Result<void> &sent) {
                 if (!sent)
                     return handler(sent.error());
                 if (!sandbox)
                     return handler(QString());
                 sandboxSmsCode(profile, phone, purposeName, handler);
             });
}

// Runs one account call that needs the password (read like the PIN) and maybe an SMS code.
struct Credentials {
    QString phone;
    std::optional<SecureBytes> password;
};

Result<Credentials> readCredentials(const QCommandLineParser &parser, bool needPassword, Repeat repeat)
{
    Credentials credentials{parser.value(PhoneOption).trimmed(), std::nullopt};
    if (const QString problem = mobileNumberProblem(credentials.phone); !problem.isEmpty())
        return Error(UsageErrorCode, problem);
    if (needPassword) {
        auto password = readSecret(parser, PasswordSecret, repeat);
        if (!password)
            return password.error();
        credentials.password = std::move(password).value();
    }
    return credentials;
}

// Only the core's API takes the password as a QString; it is wiped as soon as the call is made.
ApiJob *withPassword(const SecureBytes &password, const std::function<ApiJob *(const QString &)> &call)
{
    QString text = QString::fromUtf8(password.constData(), qsizetype(password.size()));
    ApiJob *job = call(text);
    SecureBytes::wipe(text);
    return job;
}

int finishLogin(const char *command, DeviceProfile &profile, ApiJob *job)
{
    return runEventLoop([&](auto finish) {
        whenDone(job, [&, finish](const Result<void> &done) {
            if (!done)
                return finish(reportError(command, done.error()));
            printAccount(profile.session()->account());
            finish(ExitOk);
        });
    });
}

int sentOnly(const char *command, const QString &phone)
{
    QTextStream(stderr) << "tongqian-cli " << command << ": a code was sent to " << phone
                        << "; run the command again with --sms-code CODE.\n";
    return ExitOk;
}

// register and login --sms: an SMS code first, then the call.
int smsFlow(const char *command, const QCommandLineParser &parser, SmsPurpose purpose, bool needPassword)
{
    const bool sendOnly = !parser.isSet(SmsCodeOption) && !parser.isSet(SandboxSmsOption);
    auto credentials = readCredentials(parser, needPassword && !sendOnly, Repeat::OnTerminal);
    if (!credentials)
        return reportError(command, credentials.error());
    auto profile = openProfile(parser, Server::Needed);
    if (!profile)
        return reportError(command, profile.error());
    DeviceProfile &device = *profile.value();
    const Credentials &c = credentials.value();
    return runEventLoop([&](auto finish) {
        obtainSmsCode(device, parser, c.phone, purpose, [&, finish](const Result<QString> &code) {
            if (!code)
                return finish(reportError(command, code.error()));
            if (code.value().isEmpty())
                return finish(sentOnly(command, c.phone));
            AccountSession *session = device.session();
            ApiJob *job = purpose == SmsPurpose::Register
                ? withPassword(*c.password, [&](const QString &password) {
                      return session->registerAccount(c.phone, code.value(), password);
                  })
                : session->loginWithSmsCode(c.phone, code.value());
            whenDone(job, [command, session, finish](const Result<void> &done) {
                if (!done)
                    return finish(reportError(command, done.error()));
                printAccount(session->account());
                finish(ExitOk);
            });
        });
    });
}

int registerAccount(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Register an account with an SMS code and a password."));
    parser.addOption({PhoneOption, QStringLiteral("The 11-digit mobile number."), QStringLiteral("PHONE")});
    addSmsOptions(parser);
    addSecretOptions(parser, PasswordSecret);
    addProfileOptions(parser);
    if (const int code = parseArguments(parser, "account register", arguments); code >= 0)
        return code;
    if (!parser.isSet(PhoneOption))
        return usageError("account register", "--phone is required");
    return smsFlow("account register", parser, SmsPurpose::Register, true);
}

int login(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Log in with the password, or with an SMS code (--sms)."));
    parser.addOption({PhoneOption, QStringLiteral("The 11-digit mobile number."), QStringLiteral("PHONE")});
    const QCommandLineOption smsOption(QStringLiteral("sms"), QStringLiteral("Log in with an SMS code."));
    parser.addOption(smsOption);
    addSmsOptions(parser);
    addSecretOptions(parser, PasswordSecret);
    addProfileOptions(parser);
    if (const int code = parseArguments(parser, "account login", arguments); code >= 0)
        return code;
    if (!parser.isSet(PhoneOption))
        return usageError("account login", "--phone is required");
    if (parser.isSet(smsOption))
        return smsFlow("account login", parser, SmsPurpose::Login, false);
    if (parser.isSet(SmsCodeOption) || parser.isSet(SandboxSmsOption))
        return usageError("account login", "--sms-code and --sandbox-sms go with --sms");
    auto credentials = readCredentials(parser, true, Repeat::Once);
    if (!credentials)
        return reportError("account login", credentials.error());
    auto profile = openProfile(parser, Server::Needed);
    if (!profile)
        return reportError("account login", profile.error());
    const Credentials &c = credentials.value();
    AccountSession *session = profile.value()->session();
    return finishLogin("account login", *profile.value(), withPassword(*c.password, [&](const QString &password) {
                           return session->loginWithPassword(c.phone, password);
                       }));
}

int logout(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("End the session on the server and forget it here."));
    addProfileOptions(parser);
    if (const int code = parseArguments(parser, "account logout", arguments); code >= 0)
        return code;
    auto profile = openProfile(parser, Server::Needed);
    if (!profile)
        return reportError("account logout", profile.error());
    DeviceProfile &device = *profile.value();
    return runEventLoop([&](auto finish) {
        whenLoggedIn(device, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(loggedIn.error().is("not_logged_in") ? ExitOk : reportError("account logout", loggedIn.error()));
            whenDone(device.session()->logout(), [finish](const Result<void> &done) {
                finish(done ? ExitOk : reportError("account logout", done.error()));
            });
        });
    });
}

int show(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show the logged-in account and its real-name status."));
    addProfileOptions(parser);
    if (const int code = parseArguments(parser, "account show", arguments); code >= 0)
        return code;
    auto profile = openProfile(parser, Server::Needed);
    if (!profile)
        return reportError("account show", profile.error());
    DeviceProfile &device = *profile.value();
    return runEventLoop([&](auto finish) {
        whenLoggedIn(device, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("account show", loggedIn.error()));
            printAccount(device.session()->account());
            if (!device.session()->account().identityVerified)
                return finish(ExitOk);
            whenDone(device.identity()->fetchStatus(), [&, finish](const Result<void> &fetched) {
                if (!fetched)
                    return finish(reportError("account show", fetched.error()));
                const IdentityStatus &status = device.identity()->status();
                QTextStream(stdout) << "name: " << status.maskedName << "\nid-number: " << status.maskedIdNumber
                                    << '\n';
                finish(ExitOk);
            });
        });
    });
}

int verify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Verify the real name of the logged-in account."));
    const PersonOptions personOptions = addPersonOptions(parser, QStringLiteral("as on the ID card"));
    addProfileOptions(parser);
    if (const int code = parseArguments(parser, "identity verify", arguments); code >= 0)
        return code;
    const auto person = personFromOptions(parser, personOptions);
    if (!person)
        return reportError("identity verify", person.error());
    auto profile = openProfile(parser, Server::Needed);
    if (!profile)
        return reportError("identity verify", profile.error());
    DeviceProfile &device = *profile.value();
    return runEventLoop([&](auto finish) {
        whenLoggedIn(device, [&, finish](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("identity verify", loggedIn.error()));
            whenDone(device.identity()->verify(person.value().name, person.value().idNumber), [&, finish](const Result<void> &done) {
                if (!done)
                    return finish(reportError("identity verify", done.error()));
                const IdentityStatus &status = device.identity()->status();
                QTextStream(stdout) << "identity: verified\nname: " << status.maskedName
                                    << "\nid-number: " << status.maskedIdNumber << '\n';
                finish(ExitOk);
            });
        });
    });
}

} // namespace

int runAccount(const QStringList &arguments)
{
    return runAction("account",
                     {{"register", "register --phone P [--sms-code C | --sandbox-sms]   Register (password from stdin)",
                       &registerAccount},
                      {"login", "login --phone P [--sms [--sms-code C | --sandbox-sms]]   Log in", &login},
                      {"logout", "logout                                              Log out", &logout},
                      {"show", "show                                                Show the account", &show}},
                     arguments);
}

int runIdentity(const QStringList &arguments)
{
    return runAction("identity",
                     {{"verify", "verify --name NAME --id-number NUMBER   Verify the account's real name", &verify}},
                     arguments);
}

} // namespace tq::cli
