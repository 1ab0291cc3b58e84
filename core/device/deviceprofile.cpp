#include "core/device/deviceprofile.h"
#include "core/common/encoding.h"

#include "core/account/tokenstore.h"
#include "core/common/logging.h"
#include "core/keys/localkeycustody.h"
#include "core/common/privatefile.h"
#include "core/keys/systemsecretstore.h"
#include "core/keys/twopartykeycustody.h"
#ifdef TONGQIAN_HAVE_KEYCHAIN
#include "core/keys/keychainsecretstore.h"
#endif

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QStandardPaths>

namespace tq {

namespace {

const QString KeysFolder = QStringLiteral("keys");
const QString IndexFile = QStringLiteral("certificates.json");
const QString CurrentAccountFile = QStringLiteral("current-account");
const QString AccountsFolder = QStringLiteral("accounts");
const QString NoAccountFolder = QStringLiteral("no-account");

// A keychain that answers at all answers a probe within a second; one that waits for a prompt
// nobody sees would otherwise hold the first call for the full per-call timeout.
constexpr int KeychainProbeTimeoutMs = 3000;

std::shared_ptr<SecretStore> defaultSecrets(const QDir &dir, const DeviceProfile::Options &options)
{
    const QString folder = dir.filePath(QStringLiteral("device"));
    // A kiosk must not leave a device key in the OS keychain, where its folder's removal cannot reach.
    if (options.persistence == DeviceProfile::Persistence::Kiosk)
        return std::make_shared<FileSecretStore>(folder);
    std::unique_ptr<SecretStore> keychain;
    std::unique_ptr<SecretStore> probe;
#ifdef TONGQIAN_HAVE_KEYCHAIN
    keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("Tongqian"));
    auto quick = std::make_unique<KeychainSecretStore>(QStringLiteral("Tongqian"));
    quick->setTimeout(KeychainProbeTimeoutMs);
    probe = std::move(quick);
#endif
    return std::make_shared<SystemSecretStore>(folder, std::move(keychain), options.secretStore, std::move(probe));
}

QJsonArray readIndex(const QString &path)
{
    const auto raw = PrivateFile::read(path);
    return raw ? QJsonDocument::fromJson(raw.value()).array() : QJsonArray();
}

} // namespace

QString DeviceProfile::defaultDataDir()
{
    // AppDataLocation is derived from the running program's names; the CLI must find the app's.
    const QString organization = QCoreApplication::organizationName();
    const QString application = QCoreApplication::applicationName();
    QCoreApplication::setOrganizationName(QStringLiteral("Tongqian"));
    QCoreApplication::setApplicationName(QStringLiteral("Tongqian"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCoreApplication::setOrganizationName(organization);
    QCoreApplication::setApplicationName(application);
    return dir;
}

DeviceProfile::DeviceProfile(Options options)
    : m_options(std::move(options)),
      m_dataDir(m_options.dataDir.isEmpty() ? defaultDataDir() : m_options.dataDir)
{
    Q_ASSERT_X(!isKiosk() || !m_options.dataDir.isEmpty(), "DeviceProfile", "a kiosk profile needs its own folder");
    const QDir dir(m_dataDir);
    m_secrets = m_options.secrets ? m_options.secrets : defaultSecrets(dir, m_options);
    m_api = std::make_unique<ApiClient>(m_options.serverUrl, m_options.network);
    std::unique_ptr<TokenStore> tokens;
    if (isKiosk())
        tokens = std::make_unique<MemoryTokenStore>();
    else
        tokens = std::make_unique<FileTokenStore>(dir.filePath(QStringLiteral("session.tqs")), *m_secrets);
    m_session = std::make_unique<AccountSession>(m_api.get(), std::move(tokens));
    m_identity = std::make_unique<IdentityService>(m_session.get());
    m_transport = std::make_shared<ApiCosignTransport>(m_session->client());

    // Until the session says who is logged in: the account selected last (desktop), so the CLI
    // reaches its local keys without the server.
    QString accountId;
    if (!isKiosk()) {
        if (auto stored = PrivateFile::read(dir.filePath(CurrentAccountFile)))
            accountId = QString::fromUtf8(stored.value()).trimmed();
    }
    m_custody = std::make_unique<DeviceKeyCustody>(nullptr, nullptr);
    m_certificates = std::make_unique<CertificateService>(m_session.get(), m_custody.get(), QString());
    select(accountId);
    m_custody->setPreferred(m_options.custody);
    m_transactions = std::make_unique<TransactionService>(m_session.get(), m_custody.get(), m_certificates.get());

    QObject::connect(m_session.get(), &AccountSession::stateChanged, m_session.get(), [this] { followSession(); });
    QObject::connect(m_session.get(), &AccountSession::accountChanged, m_session.get(), [this] { followSession(); });
}

DeviceProfile::~DeviceProfile() = default;

void DeviceProfile::followSession()
{
    QString next = m_accountId;
    switch (m_session->state()) {
    case AccountSession::State::LoggedIn:
        // A restored session knows its account id only once the account has been fetched.
        if (const QString id = m_session->account().id; !id.isEmpty())
            next = id;
        break;
    case AccountSession::State::LoggedOut:
        next.clear();
        break;
    case AccountSession::State::Restoring:
        break;
    }
    if (next == m_accountId)
        return;
    const QString leaving = m_accountId.isEmpty() ? QString() : accountDir();
    select(next);
    // At a kiosk the next person must find nothing of the last one, not even until exit.
    if (isKiosk() && !leaving.isEmpty() && !QDir(leaving).removeRecursively())
        qCWarning(lcCoreDevice) << "a kiosk account folder could not be removed completely";
}

QString DeviceProfile::folderOf(const QString &accountId) const
{
    const QDir dir(m_dataDir);
    if (accountId.isEmpty())
        return dir.filePath(NoAccountFolder);
    // Server ids are UUIDs; anything else (a damaged current-account file too) is hashed so
    // that the folder is always one plain name below accounts/.
    const QString name = isSafeName(accountId) && !accountId.startsWith(u'.')
        ? accountId
        : toHexText(QCryptographicHash::hash(accountId.toUtf8(), QCryptographicHash::Sha256));
    return dir.filePath(AccountsFolder + QLatin1Char('/') + name);
}

void DeviceProfile::select(const QString &accountId)
{
    m_accountId = accountId;
    const QString folder = accountDir();
    if (!accountId.isEmpty())
        migrateLegacyFiles(folder);
    if (!isKiosk()) {
        const QString marker = QDir(m_dataDir).filePath(CurrentAccountFile);
        const auto written = accountId.isEmpty() ? PrivateFile::remove(marker)
                                                 : PrivateFile::write(marker, accountId.toUtf8());
        if (!written)
            qCWarning(lcCoreDevice) << "the current account could not be remembered:" << written.error().message;
    }

    const QString keys = QDir(folder).filePath(KeysFolder);
    LocalKeyCustody::Options local;
    local.directory = keys;
    local.kdfParams = m_options.kdfParams;
    m_custody->use(std::make_shared<LocalKeyCustody>(std::move(local), m_secrets),
                   std::make_shared<TwoPartyKeyCustody>(TwoPartyKeyCustody::Options{keys, {}}, m_secrets, m_transport));
    m_certificates->setIndexPath(QDir(folder).filePath(IndexFile));
}

void DeviceProfile::migrateLegacyFiles(const QString &accountDir) const
{
    const QDir dir(m_dataDir);
    const QString legacyKeys = dir.filePath(KeysFolder);
    const QString legacyIndex = dir.filePath(IndexFile);
    if (!QFileInfo::exists(legacyKeys) && !QFileInfo::exists(legacyIndex))
        return;
    if (auto made = PrivateFile::ensureDirectory(accountDir); !made) {
        qCWarning(lcCoreDevice) << "cannot create an account folder:" << made.error().message;
        return;
    }
    const QDir account(accountDir);
    if (QFileInfo::exists(legacyKeys)) {
        if (auto made = PrivateFile::ensureDirectory(account.filePath(KeysFolder)); !made)
            return;
        // File by file, never replacing one: an account folder made meanwhile keeps its own keys.
        const QDir from(legacyKeys);
        for (const QString &name : from.entryList(QDir::Files | QDir::Hidden)) {
            if (!QFile::rename(from.filePath(name), account.filePath(KeysFolder + QLatin1Char('/') + name)))
                qCWarning(lcCoreDevice) << "a key file stayed at the old place";
        }
        QDir().rmdir(legacyKeys);
    }
    if (QFileInfo::exists(legacyIndex)) {
        // Appended after the account's own records, so that it keeps one index, and the old one
        // is gone before a second account could claim it.
        QJsonArray merged = readIndex(account.filePath(IndexFile));
        QSet<QString> known;
        for (const QJsonValue &record : std::as_const(merged))
            known.insert(record.toObject().value(u"id").toString());
        for (const QJsonValue &record : readIndex(legacyIndex)) {
            if (!known.contains(record.toObject().value(u"id").toString()))
                merged.append(record);
        }
        if (auto saved = PrivateFile::write(account.filePath(IndexFile), QJsonDocument(merged).toJson(QJsonDocument::Compact)))
            PrivateFile::remove(legacyIndex);
        else
            qCWarning(lcCoreDevice) << "the certificate index stayed at the old place:" << saved.error().message;
    }
    qCInfo(lcCoreDevice) << "moved the files of the single-account layout into the account's folder";
}

} // namespace tq
