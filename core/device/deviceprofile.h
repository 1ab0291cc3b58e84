#pragma once

#include "core/account/accountsession.h"
#include "core/protocol/apiclient.h"
#include "core/certificates/certificateservice.h"
#include "core/crypto/passwordhash.h"
#include "core/identity/identityservice.h"
#include "core/keys/devicekeycustody.h"
#include "core/keys/secretstore.h"
#include "core/keys/systemsecretstore.h"
#include "core/transactions/transactionservice.h"

#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace tq {

/// Everything one device keeps under its data directory, laid out the same way for the app and
/// `tongqian-cli` so both see the same account, keys and certificates:
///
/// - `device/`: the device key when no OS secret store answers (else the OS keychain holds it),
/// - `session.tqs`: the logged-in account's tokens, sealed with the device key (desktop only),
/// - `current-account`: the server id of the account whose folder is selected (desktop only),
///   so that `tongqian-cli` finds the account's local keys without asking the server,
/// - `accounts/<account id>/`: one folder per account, named by the server's account id (never
///   a phone number or name): `keys/` (key custody files) and `certificates.json` (the index of
///   installed certificates, public data),
/// - `no-account/`: the same for keys made while no one is logged in (e.g. `tongqian-cli key
///   create` without a login); the app never shows them to an account.
///
/// The account's folder is selected when the session becomes LoggedIn and dropped when it is
/// LoggedOut: key custody and certificates only ever see the current account's files. Files of
/// a data directory from before accounts had folders (`keys/`, `certificates.json` at the top)
/// are moved into the folder of the first account that logs in afterwards: the account whose
/// stored session is restored at start, i.e. the one that used the device until then.
///
/// Kiosk persistence keeps tokens in memory and never uses the OS keychain, writes no
/// `current-account`, and removes an account's folder when it logs out; `dataDir` is then a
/// KioskDirectory that removes the rest at exit.
///
/// Builds the client services over one server. Create and use it on the main thread.
class DeviceProfile {
public:
    enum class Persistence {
        Desktop, ///< tokens sealed in a file, the device key in the OS keychain where there is one
        Kiosk,   ///< nothing of a user outlives the session: see above
    };

    struct Options {
        QString dataDir;   ///< empty: defaultDataDir(); required for a kiosk (its KioskDirectory)
        QUrl serverUrl;    ///< the Tongqian server, e.g. http://127.0.0.1:8080
        Persistence persistence = Persistence::Desktop;
        /// Where new SM2 keys are kept (docs/key-custody.md); keys already made stay where they are.
        CustodyKind custody = CustodyKind::TwoParty;
        /// Holds the device key; null: the OS keychain with a file fallback under `device/`
        /// (desktop, see `secretStore`) or a file under `device/` (kiosk). Must be thread-safe.
        std::shared_ptr<SecretStore> secrets;
        /// Desktop without `secrets`: which store the first use of the data directory chooses
        /// (SystemSecretStore; `tongqian-cli --secret-store`).
        SystemSecretStore::Preference secretStore = SystemSecretStore::Preference::Auto;
        /// scrypt cost of local keys; nullopt: calibrated on this device.
        std::optional<PasswordHash::Params> kdfParams;
        /// The network access of the API client (not owned, must outlive the profile); null:
        /// the client's own hardened one.
        QNetworkAccessManager *network = nullptr;
    };

    explicit DeviceProfile(Options options);
    ~DeviceProfile();
    DeviceProfile(const DeviceProfile &) = delete;
    DeviceProfile &operator=(const DeviceProfile &) = delete;

    /// The app's data directory (AppDataLocation of organisation and application "Tongqian"),
    /// whatever the calling program's own names are.
    static QString defaultDataDir();

    QString dataDir() const { return m_dataDir; }
    /// The folder of the selected account (or `no-account/`): where its keys and index live.
    QString accountDir() const { return folderOf(m_accountId); }
    /// The server id of the account whose files are in use; empty when none is.
    QString accountId() const { return m_accountId; }
    bool isKiosk() const { return m_options.persistence == Persistence::Kiosk; }
    SecretStore &secrets() const { return *m_secrets; }
    ApiClient *api() const { return m_api.get(); }
    AccountSession *session() const { return m_session.get(); }
    IdentityService *identity() const { return m_identity.get(); }
    DeviceKeyCustody *custody() const { return m_custody.get(); }
    CertificateService *certificates() const { return m_certificates.get(); }
    TransactionService *transactions() const { return m_transactions.get(); }

private:
    /// Follows the session: selects the logged-in account's folder, drops it at logout.
    void followSession();
    /// Points custody and certificates at the folder of `accountId` (empty: `no-account/`).
    void select(const QString &accountId);
    void migrateLegacyFiles(const QString &accountDir) const;
    QString folderOf(const QString &accountId) const;

    Options m_options;
    QString m_dataDir;
    QString m_accountId;
    std::shared_ptr<SecretStore> m_secrets;
    std::shared_ptr<CosignTransport> m_transport;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<IdentityService> m_identity;
    std::unique_ptr<DeviceKeyCustody> m_custody;
    std::unique_ptr<CertificateService> m_certificates;
    std::unique_ptr<TransactionService> m_transactions;
};

} // namespace tq
