#include "cli/keycommand.h"

#include "cli/errors.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/profile.h"
#include "cli/secretinput.h"
#include "core/crypto/digest.h"
#include "core/keys/twopartykeycustody.h"

#include <QFile>
#include <QTextStream>

#include <openssl/err.h>
#include <openssl/pem.h>

#include <optional>

namespace tq::cli {

namespace {

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
    // A bare key is for offline work (a CSR, signing files), so it stays on the device unless asked.
    const QCommandLineOption custody = custodyOption("local");
    parser.addOptions({alg, custody});
    addKeyOptions(parser, true);
    addServerOption(parser);
    if (const int code = parseArguments(parser, "key create", arguments); code >= 0)
        return code;
    const auto algorithm = algorithmFromOption(parser.value(alg));
    const auto kind = custodyFromOption(parser.value(custody));
    if (!algorithm || !kind || !parser.positionalArguments().isEmpty())
        return usageError("key create", "--alg must be sm2, p256 or rsa2048 and --custody two-party or local");
    const bool twoParty = *kind == CustodyKind::TwoParty;
    auto session = openWithPin(parser, twoParty ? Server::Needed : Server::NotNeeded, Repeat::OnTerminal);
    if (!session)
        return reportError("key create", session.error());
    SecureBytes &pin = session.value().pin; // not a structured binding: captured below (clang 14)
    std::unique_ptr<DeviceProfile> &profile = session.value().profile;
    return runEventLoop([&](auto finish) {
        auto create = [&, finish] {
            whenFinished(profile->custody()->createKey(*algorithm, pin, *kind), [finish](const Result<KeyInfo> &key) {
                if (!key)
                    return finish(reportError("key create", key.error()));
                printKey(key.value());
                finish(ExitOk);
            });
        };
        if (!twoParty)
            return create();
        whenLoggedIn(*profile, [&, finish, create](const Result<void> &loggedIn) {
            if (!loggedIn)
                return finish(reportError("key create", loggedIn.error()));
            create();
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
    auto profile = openProfile(parser);
    if (!profile)
        return reportError("key list", profile.error());
    return runEventLoop([&](auto finish) {
        whenFinished(profile.value()->custody()->keys(), [finish](const Result<QList<KeyInfo>> &keys) {
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
    parser.setApplicationDescription(
        QStringLiteral("Delete a key for good. A two-party key needs its PIN (the server checks it)."));
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The key to delete."), QStringLiteral("ID"));
    addKeyOptions(parser, true);
    addServerOption(parser);
    if (const int code = parseArguments(parser, "key delete", arguments); code >= 0)
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError("key delete", "give exactly one key ID");
    const QString id = parser.positionalArguments().constFirst();
    auto profile = openProfile(parser);
    if (!profile)
        return reportError("key delete", profile.error());
    // Only the server can check a two-party key's PIN; a local key's file goes without one.
    SecureBytes pin;
    if (TwoPartyKeyCustody::isOwnId(id)) {
        auto read = readPin(parser);
        if (!read)
            return reportError("key delete", read.error());
        pin = std::move(read).value();
    }
    return runEventLoop([&](auto finish) {
        // A two-party key's server share goes first, as the logged-in account.
        whenKeyUsable(*profile.value(), id, [&, finish](const Result<void> &usable) {
            if (!usable)
                return finish(reportError("key delete", usable.error()));
            whenFinished(profile.value()->custody()->deleteKey(id, pin), [finish](const Result<Done> &done) {
                finish(done ? ExitOk : reportError("key delete", done.error()));
            });
        });
    });
}

// PKCS#8 or traditional (SEC1, PKCS#1), PEM or DER, into unencrypted PKCS#8 DER. The file is
// read straight into wiped memory; encrypted files are refused rather than asking a passphrase.
Result<SecureBytes> readPrivateKeyFile(const QString &path)
{
    constexpr qint64 MaxKeyFileSize = 64 * 1024;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(CliErrorCode, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    if (file.size() > MaxKeyFileSize)
        return Error(CliErrorCode, QStringLiteral("%1 is too large for a private key file.").arg(path));
    SecureBytes bytes{std::size_t(file.size())};
    if (file.read(reinterpret_cast<char *>(bytes.data()), file.size()) != file.size())
        return Error(CliErrorCode, QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    ossl::BioPtr bio(BIO_new_mem_buf(bytes.data(), int(bytes.size())));
    auto noPassphrase = [](char *, int, int, void *) { return 0; };
    ossl::EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    if (!key) {
        const unsigned char *der = bytes.data();
        key.reset(d2i_AutoPrivateKey(nullptr, &der, long(bytes.size())));
    }
    ERR_clear_error();
    if (!key)
        return Error(CliErrorCode,
                     QStringLiteral("%1 is not an unencrypted private key file (PKCS#8 or traditional, PEM or DER); "
                                    "decrypt an encrypted one first with 'openssl pkey'.")
                         .arg(path));
    auto pair = KeyPair::adopt(std::move(key));
    if (!pair)
        return Error(CliErrorCode, QStringLiteral("%1 is not an SM2, P-256 or RSA-2048 key.").arg(path));
    return pair.value().privateKeyDer();
}

int importFile(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Take a private key file into custody under a PIN."));
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("PKCS#8 or traditional key, PEM or DER."),
                                 QStringLiteral("FILE"));
    addKeyOptions(parser, true);
    if (const int code = parseArguments(parser, "key import", arguments); code >= 0)
        return code;
    if (parser.positionalArguments().size() != 1)
        return usageError("key import", "give exactly one key file");
    const QString path = parser.positionalArguments().constFirst();
    const auto pkcs8 = readPrivateKeyFile(path);
    if (!pkcs8)
        return reportError("key import", pkcs8.error());
    auto session = openWithPin(parser, Server::NotNeeded, Repeat::OnTerminal);
    if (!session)
        return reportError("key import", session.error());
    SecureBytes &pin = session.value().pin; // not a structured binding: captured below (clang 14)
    std::unique_ptr<DeviceProfile> &profile = session.value().profile;
    return runEventLoop([&](auto finish) {
        whenFinished(profile->custody()->importKey(pkcs8.value(), pin), [finish, path](const Result<KeyInfo> &key) {
            if (!key)
                return finish(reportError("key import", key.error()));
            printKey(key.value());
            QTextStream(stderr) << "tongqian-cli key import: the key is now in custody; " << path
                                << " still holds it unprotected, delete it (e.g. shred -u " << path << ").\n";
            finish(ExitOk);
        });
    });
}

} // namespace

int runKey(const QStringList &arguments)
{
    return runAction("key",
                     {{"create", "create [--alg sm2|p256|rsa2048]   Create a key under the PIN", &create},
                      {"import", "import FILE                       Take a private key file into custody", &importFile},
                      {"list", "list                              List the keys: ID ALGORITHM FINGERPRINT", &list},
                      {"delete", "delete ID                         Delete a key", &remove}},
                     arguments);
}

} // namespace tq::cli
