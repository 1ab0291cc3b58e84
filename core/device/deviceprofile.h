#pragma once

#include "core/account/accountsession.h"
#include "core/protocol/apiclient.h"
#include "core/certificates/certificateservice.h"
#include "core/identity/identityservice.h"
#include "core/keys/devicekeycustody.h"
#include "core/keys/secretstore.h"
#include "core/transactions/transactionservice.h"

#include <QString>
#include <QUrl>

#include <memory>

namespace tq {

/// Everything one device keeps under its data directory, laid out the same way for the app and
/// `tongqian-cli` so both see the same account, keys and certificates:
///
/// - `device/`: the device key when no OS secret store answers (else the OS keychain holds it),
/// - `keys/`: key custody files,
/// - `session.tqs`: the account tokens, sealed with the device key (unless the session is
///   kept in memory only, as on a kiosk),
/// - `certificates.json`: the index of installed certificates (public data).
///
/// The services: account session, real-name identity, key custody, certificates, and the
/// scan transactions that use them.
///
/// Builds the client services over one server. Create and use it on the main thread.
class DeviceProfile {
public:
    struct Options {
        QString dataDir;                ///< empty: defaultDataDir()
        QUrl serverUrl;                 ///< the Tongqian server, e.g. http://127.0.0.1:8080
        bool persistentSession = true;  ///< false: tokens live in memory only (kiosk)
        /// Where new SM2 keys are kept (docs/key-custody.md); keys already made stay where they are.
        CustodyKind custody = CustodyKind::TwoParty;
    };

    explicit DeviceProfile(Options options);
    ~DeviceProfile();
    DeviceProfile(const DeviceProfile &) = delete;
    DeviceProfile &operator=(const DeviceProfile &) = delete;

    /// The app's data directory (AppDataLocation of organisation and application "Tongqian"),
    /// whatever the calling program's own names are.
    static QString defaultDataDir();

    QString dataDir() const { return m_dataDir; }
    SecretStore &secrets() const { return *m_secrets; }
    ApiClient *api() const { return m_api.get(); }
    AccountSession *session() const { return m_session.get(); }
    IdentityService *identity() const { return m_identity.get(); }
    DeviceKeyCustody *custody() const { return m_custody.get(); }
    CertificateService *certificates() const { return m_certificates.get(); }
    TransactionService *transactions() const { return m_transactions.get(); }

private:
    QString m_dataDir;
    std::shared_ptr<SecretStore> m_secrets;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<IdentityService> m_identity;
    std::unique_ptr<DeviceKeyCustody> m_custody;
    std::unique_ptr<CertificateService> m_certificates;
    std::unique_ptr<TransactionService> m_transactions;
};

} // namespace tq
