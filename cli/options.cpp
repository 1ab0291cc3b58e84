#include "cli/options.h"

#include "cli/errors.h"
#include "core/common/errortext.h"

#include <QTextStream>

namespace tq::cli {

int runAction(const char *command, std::initializer_list<Action> actions, const QStringList &arguments)
{
    const QString name = arguments.value(0);
    for (const Action &action : actions) {
        if (name == QLatin1String(action.name))
            return action.run(arguments.mid(1));
    }
    const bool help = name == u"--help" || name == u"-h";
    QTextStream out(help ? stdout : stderr);
    QStringList names;
    for (const Action &action : actions)
        names << QLatin1String(action.name);
    out << "Usage: tongqian-cli " << command << ' ' << names.join(u'|') << " [OPTIONS]\n";
    for (const Action &action : actions)
        out << "  " << action.synopsis << '\n';
    out << "Run 'tongqian-cli " << command << " ACTION --help' for an action's options.\n";
    return help ? ExitOk : ExitUsage;
}

int parseArguments(QCommandLineParser &parser, const char *command, const QStringList &arguments)
{
    parser.addHelpOption();
    QTextStream err(stderr);
    const QString name = QStringLiteral("tongqian-cli ") + QLatin1String(command);
    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList{name} + arguments)) {
        err << name << ": " << parser.errorText() << '\n';
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return ExitOk;
    }
    return -1;
}

std::optional<KeyAlgorithm> algorithmFromOption(const QString &name)
{
    if (name == u"p256")
        return KeyAlgorithm::EcdsaP256;
    if (name == u"rsa2048")
        return KeyAlgorithm::Rsa2048;
    return keyAlgorithmFromName(name);
}

std::optional<CustodyKind> custodyFromOption(const QString &name)
{
    if (name == u"two-party")
        return CustodyKind::TwoParty;
    if (name == u"local")
        return CustodyKind::Local;
    return std::nullopt;
}

QCommandLineOption custodyOption(const char *fallback)
{
    return QCommandLineOption(
        QStringLiteral("custody"),
        QStringLiteral("two-party (the key split with the server, which limits PIN guesses) or local (the whole key "
                       "on this device, usable offline, weaker). Default: %1.")
            .arg(QLatin1String(fallback)),
        QStringLiteral("KIND"), QLatin1String(fallback));
}

PersonOptions addPersonOptions(QCommandLineParser &parser, const QString &whose)
{
    PersonOptions options{
        QCommandLineOption(QStringLiteral("name"), QStringLiteral("Full name ") + whose + u'.', QStringLiteral("NAME")),
        QCommandLineOption(QStringLiteral("id-number"), QStringLiteral("The 18-character ID number ") + whose + u'.',
                           QStringLiteral("NUMBER"))};
    parser.addOptions({options.name, options.idNumber});
    return options;
}

Result<IdentityProof> personFromOptions(const QCommandLineParser &parser, const PersonOptions &options)
{
    if (!parser.isSet(options.name) || !parser.isSet(options.idNumber))
        return Error(UsageErrorCode, QStringLiteral("--name and --id-number are required"));
    IdentityProof person{parser.value(options.name).trimmed(), parser.value(options.idNumber).trimmed(), {}};
    for (const QString &problem : {personNameProblem(person.name), idNumberProblem(person.idNumber)}) {
        if (!problem.isEmpty())
            return Error(UsageErrorCode, problem);
    }
    return person;
}

} // namespace tq::cli
