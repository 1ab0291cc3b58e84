#include "core/device/deviceprofile.h"

#include "core/account/tokenstore.h"
#include "core/keys/localkeycustody.h"
#include "core/keys/systemsecretstore.h"
#include "core/keys/twopartykeycustody.h"
#ifdef TONGQIAN_HAVE_KEYCHAIN
#include "core/keys/keychainsecretstore.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace tq {

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
    : m_dataDir(options.dataDir.isEmpty() ? defaultDataDir() : options.dataDir)
{
    const QDir dir(m_dataDir);
    std::unique_ptr<SecretStore> keychain;
#ifdef TONGQIAN_HAVE_KEYCHAIN
    keychain = std::make_unique<KeychainSecretStore>(QStringLiteral("Tongqian"));
#endif
    m_secrets = std::make_shared<SystemSecretStore>(dir.filePath(QStringLiteral("device")), std::move(keychain));
    m_api = std::make_unique<ApiClient>(options.serverUrl);
    std::unique_ptr<TokenStore> tokens;
    if (options.persistentSession)
        tokens = std::make_unique<FileTokenStore>(dir.filePath(QStringLiteral("session.tqs")), *m_secrets);
    else
        tokens = std::make_unique<MemoryTokenStore>();
    m_session = std::make_unique<AccountSession>(m_api.get(), std::move(tokens));
    m_identity = std::make_unique<IdentityService>(m_session.get());
    auto transport = std::make_shared<ApiCosignTransport>(m_session->client());
    const QString keys = dir.filePath(QStringLiteral("keys"));
    LocalKeyCustody::Options local;
    local.directory = keys;
    m_custody = std::make_unique<DeviceKeyCustody>(
        std::make_shared<LocalKeyCustody>(std::move(local), m_secrets),
        std::make_shared<TwoPartyKeyCustody>(TwoPartyKeyCustody::Options{keys, {}}, m_secrets, std::move(transport)));
    m_custody->setPreferred(options.custody);
    m_certificates = std::make_unique<CertificateService>(m_session.get(), m_custody.get(),
                                                          dir.filePath(QStringLiteral("certificates.json")));
    m_transactions = std::make_unique<TransactionService>(m_session.get(), m_custody.get(), m_certificates.get());
}

DeviceProfile::~DeviceProfile() = default;

} // namespace tq
