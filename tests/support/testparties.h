#pragma once

// The parties of a scan in tests: a device (account, key custody, certificates, transactions)
// and a trading platform registered on the test server.
#include "testbackend.h"

#include "core/certificates/certificateservice.h"
#include "core/device/deviceprofile.h"
#include "core/crypto/keypair.h"
#include "core/keys/devicekeycustody.h"
#include "core/protocol/platformclient.h"
#include "core/transactions/transactionservice.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace tq::test {

/// The options of a DeviceProfile as tests build it: in `dataDir`, over `server`, with the
/// device key in an owner-only file (never the OS keychain), real scrypt at a test-sized cost,
/// and new SM2 keys where TestDevice::defaultCustody() says.
DeviceProfile::Options testProfileOptions(const QString &dataDir, const QUrl &server);

/// The keys `custody` holds. A listing that times out or fails fails the running test (and
/// gives an empty list) instead of reading as "no keys".
QList<KeyInfo> listKeys(KeyCustody &custody);

/// The person TestDevice::create() verifies, and the application proof naming them again.
inline const QString TestPersonName = QStringLiteral("张三");
inline const QString TestPersonIdNumber = QStringLiteral("11010519491231002X");
inline ApplicationProof personProof(const QString &name = TestPersonName, const QString &idNumber = TestPersonIdNumber)
{
    return ApplicationProof::ofIdentity({name, idNumber, {}});
}

/// A device with an account registered on a TestBackend (and its real name verified when
/// asked): a DeviceProfile (testProfileOptions) in a temporary directory, logged in.
/// New SM2 keys go to `custody`; by default local, or two-party when the environment has
/// TONGQIAN_TEST_CUSTODY=two-party (the test's second ctest run, tongqian_add_twoparty_run).
/// The service pointers are the profile's.
struct TestDevice {
    QTemporaryDir dir;
    std::unique_ptr<DeviceProfile> profile;
    ApiClient *api = nullptr;
    AccountSession *session = nullptr;
    DeviceKeyCustody *custody = nullptr;
    CertificateService *certificates = nullptr;
    TransactionService *transactions = nullptr;
    QString phone; ///< the account's phone number

    /// nullptr (with a QWARN) when registration or verification failed.
    static std::unique_ptr<TestDevice> create(TestBackend &backend, bool verified = true,
                                              std::optional<CustodyKind> custody = std::nullopt);
    /// The custody the environment asks for (see above).
    static CustodyKind defaultCustody();
    /// The logged-in account's certificate index.
    QString indexPath() const { return certificates->indexPath(); }
    /// Applies for a certificate pair under `pin`; the installed signing certificate, or nullopt.
    std::optional<CertificateRecord> applyFor(KeyAlgorithm algorithm, const QByteArray &pin);
};

/// A trading platform registered through the sandbox route, with an SM2 encryption key for
/// decrypt results and a signed-request client.
struct TestPlatform {
    QString code;
    QByteArray secret;
    std::optional<KeyPair> encryptionKey;
    std::unique_ptr<PlatformClient> client;

    /// nullptr (with a QWARN) when registration failed. `allowedOrigin` is where its documents live.
    static std::unique_ptr<TestPlatform> create(TestBackend &backend, const QString &code,
                                                const QString &allowedOrigin = QStringLiteral("https://platform.example.cn"));
    /// Creates a transaction; its reply data ({tId, qrContent, pollToken, expiresAt}) or an empty object.
    QJsonObject createTransaction(const QJsonObject &request);
    /// Polls a transaction; the reply data or an empty object.
    QJsonObject poll(const QJsonObject &created);
};

} // namespace tq::test
