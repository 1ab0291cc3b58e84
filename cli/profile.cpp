#include "cli/profile.h"

#include "cli/errors.h"
#include "cli/jobs.h"
#include "core/keys/devicekeycustody.h"

#include <QCoreApplication>
#include <QProcessEnvironment>

namespace tq::cli {

namespace {

const QString DataDir = QStringLiteral("data-dir");
const QString ServerOption = QStringLiteral("server");
const QString ServerVariable = QStringLiteral("TONGQIAN_SERVER");
const QString SecretStoreOption = QStringLiteral("secret-store");
const QString SecretStoreVariable = QStringLiteral("TONGQIAN_SECRET_STORE");

} // namespace

void addKeyOptions(QCommandLineParser &parser, bool withPin)
{
    parser.addOption({DataDir, QStringLiteral("Data directory (default: the app's data directory)."),
                      QStringLiteral("DIR")});
    parser.addOption({SecretStoreOption,
                      QStringLiteral("Where a new data directory keeps its device key: auto (the OS keychain if it "
                                     "can store secrets, else files), keychain or files (default: "
                                     "$TONGQIAN_SECRET_STORE, else auto)."),
                      QStringLiteral("STORE")});
    if (withPin)
        addSecretOptions(parser, PinSecret);
}

void addServerOption(QCommandLineParser &parser)
{
    parser.addOption({ServerOption, QStringLiteral("The Tongqian server (default: $TONGQIAN_SERVER)."),
                      QStringLiteral("URL")});
}

Result<QUrl> serverUrl(const QCommandLineParser &parser, Server server)
{
    const QString text = parser.optionNames().contains(ServerOption) && parser.isSet(ServerOption)
        ? parser.value(ServerOption)
        : QProcessEnvironment::systemEnvironment().value(ServerVariable);
    if (text.isEmpty()) {
        if (server == Server::Needed)
            return Error(UsageErrorCode, QStringLiteral("No server: give --server URL or set TONGQIAN_SERVER."));
        return QUrl();
    }
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https"))
        return Error(UsageErrorCode, QStringLiteral("%1 is not an http(s) server URL.").arg(text));
    return url;
}

Result<std::unique_ptr<DeviceProfile>> openProfile(const QCommandLineParser &parser, Server server)
{
    DeviceProfile::Options options;
    options.dataDir = parser.isSet(DataDir) ? parser.value(DataDir) : QString();
    const QString store = parser.optionNames().contains(SecretStoreOption) && parser.isSet(SecretStoreOption)
        ? parser.value(SecretStoreOption)
        : QProcessEnvironment::systemEnvironment().value(SecretStoreVariable, QStringLiteral("auto"));
    if (store == u"files")
        options.secretStore = SystemSecretStore::Preference::File;
    else if (store == u"keychain")
        options.secretStore = SystemSecretStore::Preference::Keychain;
    else if (store != u"auto")
        return Error(UsageErrorCode,
                     QStringLiteral("%1 is not a secret store: use auto, keychain or files.").arg(store));
    const auto url = serverUrl(parser, server);
    if (!url)
        return url.error();
    options.serverUrl = url.value();
    return std::make_unique<DeviceProfile>(std::move(options));
}

Result<PinAndProfile> openWithPin(const QCommandLineParser &parser, Server server, Repeat repeat)
{
    auto profile = openProfile(parser, server);
    if (!profile)
        return profile.error();
    auto pin = readPin(parser, repeat);
    if (!pin)
        return pin.error();
    return PinAndProfile{std::move(pin).value(), std::move(profile).value()};
}

void whenLoggedIn(DeviceProfile &profile, std::function<void(const Result<void> &)> handler)
{
    AccountSession *session = profile.session();
    session->restore()->then(qApp, [session, handler = std::move(handler)](const Result<void> &restored) {
        if (!restored)
            return handler(restored);
        if (!session->isLoggedIn())
            return handler(Error(NotLoggedInErrorCode, QStringLiteral("Not logged in on this device. Log in first with "
                                                                 "'tongqian-cli account login --phone PHONE'.")));
        handler({});
    });
}

void whenKeyUsable(DeviceProfile &profile, const QString &keyId, std::function<void(const Result<void> &)> handler)
{
    if (DeviceKeyCustody::kindOf(keyId) == CustodyKind::Local)
        return handler({});
    // A two-party key works together with the server, as the logged-in account.
    const QUrl server = profile.api()->baseUrl();
    if (!server.isValid() || server.host().isEmpty())
        return handler(Error(UsageErrorCode, QStringLiteral("Key %1 is a two-party key and works only with the "
                                                            "server: give --server URL or set TONGQIAN_SERVER.")
                                                 .arg(keyId)));
    whenLoggedIn(profile, std::move(handler));
}

void findKey(DeviceProfile &profile, const QString &id, std::function<void(Result<KeyInfo>)> handler)
{
    whenKeyUsable(profile, id, [&profile, id, handler](const Result<void> &usable) {
        if (!usable)
            return handler(usable.error());
        whenFinished(profile.custody()->keys(), [id, handler](const Result<QList<KeyInfo>> &keys) {
            if (!keys)
                return handler(keys.error());
            for (const KeyInfo &key : keys.value())
                if (key.id == id)
                    return handler(key);
            handler(Error(CliErrorCode, QStringLiteral("There is no key %1 (see 'tongqian-cli key list').").arg(id)));
        });
    });
}

Result<CertificateRecord> installedCertificate(const DeviceProfile &profile, const QString &id)
{
    if (auto record = profile.certificates()->find(id))
        return *record;
    return Error(CliErrorCode,
                 QStringLiteral("There is no certificate %1 on this device (see 'tongqian-cli cert list --all').").arg(id));
}

} // namespace tq::cli
