#include "cli/operatorcommand.h"

#include "cli/errors.h"
#include "cli/files.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "cli/secretinput.h"
#include "core/common/job.h"
#include "core/protocol/apiclient.h"
#include "core/protocol/routes.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTextStream>

namespace tq::cli {

namespace {

const QString TokenVariable = QStringLiteral("TONGQIAN_OPERATOR_TOKEN");

/// What one operator call needs: the server and (except for login) the session token.
struct Call {
    QUrl server;
    QString token;
};

Result<Call> callFor(const QCommandLineParser &parser, bool needToken)
{
    const auto url = serverUrl(parser, Server::Needed);
    if (!url)
        return url.error();
    Call call{url.value(), QProcessEnvironment::systemEnvironment().value(TokenVariable)};
    if (needToken && call.token.isEmpty())
        return Error(UsageErrorCode, QStringLiteral("No operator session: run 'tongqian-cli operator login' and put "
                                                    "the token it prints into $TONGQIAN_OPERATOR_TOKEN."));
    return call;
}

/// Sends one request and hands its answer to `print`; the exit code.
int send(const char *command, const Call &call, const QByteArray &verb, const QString &path, const QJsonObject &body,
         const std::function<void(const QJsonObject &)> &print)
{
    ApiClient api(call.server);
    return runEventLoop([&](auto finish) {
        ApiJob *job = verb == "GET" ? api.get(path, call.token)
            : verb == "DELETE"      ? api.del(path, call.token)
                                    : api.post(path, body, call.token);
        QObject::connect(job, &Job::finished, job, [job, command, print, finish] {
            if (job->hasError())
                return finish(reportError(command, job->error()));
            print(job->data());
            finish(ExitOk);
        });
        job->start();
    });
}

void printJson(const QJsonObject &json)
{
    QTextStream(stdout) << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented));
}

/// Parses `arguments`; -1 to go on, else the exit code (help or a usage error).
int parse(QCommandLineParser &parser, const char *command, const QStringList &arguments, int positional)
{
    addServerOption(parser);
    if (const int done = parseArguments(parser, command, arguments); done >= 0)
        return done;
    if (parser.positionalArguments().size() != positional)
        return usageError(command, "wrong number of arguments; see --help.");
    return -1;
}

int login(const QStringList &arguments)
{
    const char *command = "operator login";
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The operator's name."), QStringLiteral("NAME"));
    const QCommandLineOption totp(QStringLiteral("totp"), QStringLiteral("The code of the authenticator app."),
                                  QStringLiteral("CODE"));
    parser.addOptions({name, totp});
    addSecretOptions(parser, PasswordSecret);
    if (const int done = parse(parser, command, arguments, 0); done >= 0)
        return done;
    if (!parser.isSet(name) || !parser.isSet(totp))
        return usageError(command, "--name and --totp are required.");
    const auto call = callFor(parser, false);
    if (!call)
        return reportError(command, call.error());
    auto password = readSecret(parser, PasswordSecret);
    if (!password)
        return reportError(command, password.error());
    QString text = QString::fromUtf8(password.value().constData(), qsizetype(password.value().size()));
    const QJsonObject body{{QStringLiteral("name"), parser.value(name)},
                           {QStringLiteral("password"), text},
                           {QStringLiteral("totp"), parser.value(totp).trimmed()}};
    SecureBytes::wipe(text);
    return send(command, call.value(), "POST", routes::OperatorSessions, body, [](const QJsonObject &answer) {
        QTextStream(stdout) << answer.value(u"token").toString() << '\n';
    });
}

int logout(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const int done = parse(parser, "operator logout", arguments, 0); done >= 0)
        return done;
    const auto call = callFor(parser, true);
    if (!call)
        return reportError("operator logout", call.error());
    return send("operator logout", call.value(), "DELETE", routes::OperatorSessions, {}, [](const QJsonObject &) {});
}

int platforms(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const int done = parse(parser, "operator platforms", arguments, 0); done >= 0)
        return done;
    const auto call = callFor(parser, true);
    if (!call)
        return reportError("operator platforms", call.error());
    return send("operator platforms", call.value(), "GET", routes::OperatorPlatforms, {}, [](const QJsonObject &a) {
        for (const QJsonValue &p : a.value(u"platforms").toArray())
            QTextStream(stdout) << p.toObject().value(u"code").toString() << ' '
                                << p.toObject().value(u"callbackUrl").toString() << ' '
                                << p.toObject().value(u"name").toString() << '\n';
    });
}

int operators(const QStringList &arguments)
{
    QCommandLineParser parser;
    if (const int done = parse(parser, "operator list", arguments, 0); done >= 0)
        return done;
    const auto call = callFor(parser, true);
    if (!call)
        return reportError("operator list", call.error());
    return send("operator list", call.value(), "GET", routes::OperatorAccounts, {}, [](const QJsonObject &a) {
        for (const QJsonValue &o : a.value(u"operators").toArray())
            QTextStream(stdout) << o.toObject().value(u"name").toString() << ' '
                                << o.toObject().value(u"role").toString() << '\n';
    });
}

int registerPlatform(const QStringList &arguments)
{
    const char *command = "operator register";
    QCommandLineParser parser;
    const QCommandLineOption code(QStringLiteral("code"), QStringLiteral("Platform code (a letter and 10 digits)."),
                                  QStringLiteral("CODE"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("Platform name."), QStringLiteral("NAME"));
    const QCommandLineOption callback(QStringLiteral("callback-url"), QStringLiteral("Where callbacks are POSTed."),
                                      QStringLiteral("URL"));
    const QCommandLineOption origin(QStringLiteral("origin"),
                                    QStringLiteral("An allowed document origin (repeatable)."), QStringLiteral("ORIGIN"));
    const QCommandLineOption key(QStringLiteral("encryption-key"),
                                 QStringLiteral("DER file of the platform's SM2 public key (for decrypt)."),
                                 QStringLiteral("FILE"));
    parser.addOptions({code, name, callback, origin, key});
    if (const int done = parse(parser, command, arguments, 0); done >= 0)
        return done;
    if (!parser.isSet(code) || !parser.isSet(name) || !parser.isSet(callback))
        return usageError(command, "--code, --name and --callback-url are required.");
    const auto call = callFor(parser, true);
    if (!call)
        return reportError(command, call.error());
    QJsonObject body{{QStringLiteral("code"), parser.value(code)},
                     {QStringLiteral("name"), parser.value(name)},
                     {QStringLiteral("callbackUrl"), parser.value(callback)},
                     {QStringLiteral("allowedOrigins"), QJsonArray::fromStringList(parser.values(origin))}};
    if (parser.isSet(key)) {
        const auto der = readInputFile(parser.value(key));
        if (!der)
            return reportError(command, der.error());
        body.insert(QStringLiteral("encryptionKey"), QString::fromLatin1(der.value().toBase64()));
    }
    return send(command, call.value(), "POST", routes::OperatorPlatforms, body, &printJson);
}

int rotate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("CODE"), QStringLiteral("The platform."));
    if (const int done = parse(parser, "operator rotate", arguments, 1); done >= 0)
        return done;
    const auto call = callFor(parser, true);
    if (!call)
        return reportError("operator rotate", call.error());
    return send("operator rotate", call.value(), "POST",
                routes::withArg(routes::OperatorPlatformSecret, parser.positionalArguments().first()), {}, &printJson);
}

int callbackUrl(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("CODE"), QStringLiteral("The platform."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("The new callback URL."));
    if (const int done = parse(parser, "operator callback-url", arguments, 2); done >= 0)
        return done;
    const auto call = callFor(parser, true);
    if (!call)
        return reportError("operator callback-url", call.error());
    const QStringList args = parser.positionalArguments();
    return send("operator callback-url", call.value(), "POST",
                routes::withArg(routes::OperatorPlatformCallbackUrl, args.at(0)),
                {{QStringLiteral("callbackUrl"), args.at(1)}}, &printJson);
}

int audit(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption limit(QStringLiteral("limit"), QStringLiteral("At most this many entries (1-500)."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    parser.addOption(limit);
    if (const int done = parse(parser, "operator audit", arguments, 0); done >= 0)
        return done;
    const auto call = callFor(parser, true);
    if (!call)
        return reportError("operator audit", call.error());
    return send("operator audit", call.value(), "GET",
                routes::OperatorAudit + QStringLiteral("?limit=") + QString::number(parser.value(limit).toInt()), {},
                [](const QJsonObject &a) {
                    for (const QJsonValue &v : a.value(u"entries").toArray()) {
                        const QJsonObject e = v.toObject();
                        QTextStream(stdout)
                            << e.value(u"at").toString() << ' ' << e.value(u"actor").toString() << ' '
                            << e.value(u"action").toString() << ' ' << e.value(u"subject").toString() << ' '
                            << QString::fromUtf8(QJsonDocument(e.value(u"details").toObject()).toJson(QJsonDocument::Compact))
                            << '\n';
                    }
                });
}

int add(const QStringList &arguments)
{
    const char *command = "operator add";
    QCommandLineParser parser;
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The new operator's name."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption role(QStringLiteral("role"), QStringLiteral("admin, reviewer or auditor."),
                                  QStringLiteral("ROLE"));
    parser.addOptions({name, role});
    addSecretOptions(parser, PasswordSecret);
    if (const int done = parse(parser, command, arguments, 0); done >= 0)
        return done;
    if (!parser.isSet(name) || !parser.isSet(role))
        return usageError(command, "--name and --role are required.");
    const auto call = callFor(parser, true);
    if (!call)
        return reportError(command, call.error());
    auto password = readSecret(parser, PasswordSecret, Repeat::OnTerminal);
    if (!password)
        return reportError(command, password.error());
    QString text = QString::fromUtf8(password.value().constData(), qsizetype(password.value().size()));
    const QJsonObject body{{QStringLiteral("name"), parser.value(name)},
                           {QStringLiteral("role"), parser.value(role)},
                           {QStringLiteral("password"), text}};
    SecureBytes::wipe(text);
    return send(command, call.value(), "POST", routes::OperatorAccounts, body, &printJson);
}

} // namespace

int runOperator(const QStringList &arguments)
{
    return runAction(
        "operator",
        {{"login", "login --name NAME --totp CODE       Log in (password like the PIN); prints the token", &login},
         {"logout", "logout                              End the session of $TONGQIAN_OPERATOR_TOKEN", &logout},
         {"platforms", "platforms                           List the platforms: CODE CALLBACK NAME", &platforms},
         {"register", "register --code C --name N --callback-url U [--origin O]... [--encryption-key FILE]"
                      "   Register a platform; prints its secret once",
          &registerPlatform},
         {"rotate", "rotate CODE                         Rotate a platform's secret; prints the new one once", &rotate},
         {"callback-url", "callback-url CODE URL               Change a platform's callback URL", &callbackUrl},
         {"audit", "audit [--limit N]                   Read the audit log, newest first", &audit},
         {"add", "add --name NAME --role ROLE         Add an operator (admin); prints its TOTP secret once", &add},
         {"list", "list                                List the operators (admin): NAME ROLE", &operators}},
        arguments);
}

} // namespace tq::cli
