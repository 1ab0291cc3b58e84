#include "cli/keycommand.h"

#include "cli/keyaccess.h"
#include "core/crypto/digest.h"

#include <QTextStream>

#include <optional>

namespace tq::cli {

namespace {

std::optional<KeyAlgorithm> algorithmFromOption(const QString &name)
{
    if (name == u"p256")
        return KeyAlgorithm::EcdsaP256;
    if (name == u"rsa2048")
        return KeyAlgorithm::Rsa2048;
    return keyAlgorithmFromName(name);
}

void printKey(const KeyInfo &key)
{
    const QByteArray fingerprint = digest(DigestAlgorithm::Sha256, key.publicKeyDer).toHex(':');
    QTextStream(stdout) << key.id << ' ' << keyAlgorithmName(key.algorithm) << " SHA256:"
                        << QString::fromLatin1(fingerprint) << '\n';
}

int create(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Create a key protected by a PIN."));
    const QCommandLineOption alg(QStringLiteral("alg"), QStringLiteral("sm2 (default), p256 or rsa2048."),
                                 QStringLiteral("ALG"), QStringLiteral("sm2"));
    parser.addOption(alg);
    addKeyOptions(parser, true);
    if (const int code = parseArguments(parser, "key create", arguments); code >= 0)
        return code;
    const auto algorithm = algorithmFromOption(parser.value(alg));
    if (!algorithm || !parser.positionalArguments().isEmpty())
        return usageError("key create", "--alg must be sm2, p256 or rsa2048");
    auto session = openWithPin(parser);
    if (!session)
        return reportError("key create", session.error());
    auto &[pin, custody] = session.value();
    return runEventLoop([&](auto finish) {
        whenFinished(custody->createKey(*algorithm, pin), [finish](const Result<KeyInfo> &key) {
            if (!key)
                return finish(reportError("key create", key.error()));
            printKey(key.value());
            finish(ExitOk);
        });
    });
}

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the keys in custody."));
    addKeyOptions(parser, false);
    if (const int code = parseArguments(parser, "key list", arguments); code >= 0)
        return code;
    auto custody = openCustody(parser);
    return runEventLoop([&](auto finish) {
        whenFinished(custody->keys(), [finish](const Result<QList<KeyInfo>> &keys) {
            if (!keys)
                return finish(reportError("key list", keys.error()));
            for (const KeyInfo &key : keys.value())
                printKey(key);
            finish(ExitOk);
        });
    });
}

int remove(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Delete a key for good."));
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The key to delete."), QStringLiteral("ID"));
    addKeyOptions(parser, false);
    if (const int code = parseArguments(parser, "key delete", arguments); code >= 0)
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError("key delete", "give exactly one key ID");
    const QString id = parser.positionalArguments().constFirst();
    auto custody = openCustody(parser);
    return runEventLoop([&](auto finish) {
        whenFinished(custody->deleteKey(id), [finish](const Result<Done> &done) {
            finish(done ? ExitOk : reportError("key delete", done.error()));
        });
    });
}

} // namespace

int runKey(const QStringList &arguments)
{
    const QString action = arguments.value(0);
    if (action == u"create")
        return create(arguments.mid(1));
    if (action == u"list")
        return list(arguments.mid(1));
    if (action == u"delete")
        return remove(arguments.mid(1));
    QTextStream out(action == u"--help" || action == u"-h" ? stdout : stderr);
    out << "Usage: tongqian-cli key create|list|delete [OPTIONS]\n"
           "  create --alg sm2|p256|rsa2048   Create a key; the PIN is read from stdin\n"
           "  list                            List the keys: ID ALGORITHM FINGERPRINT\n"
           "  delete ID                       Delete a key\n";
    return action == u"--help" || action == u"-h" ? ExitOk : ExitUsage;
}

} // namespace tq::cli
