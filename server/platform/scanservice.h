#pragma once

#include "core/common/error.h"
#include "core/protocol/scancontent.h"
#include "server/ca/certificateauthority.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

#include <optional>

namespace tq::server {

class CallbackDispatcher;
class Database;
class Transaction;
struct Platform;

/// Lifetimes of the scan protocol, seconds.
struct ScanLimits {
    qint64 ticketLifetime = 120; ///< default and maximum time to claim a QR code
    qint64 resultLifetime = 300; ///< time from claim to result
    qint64 accessTokenLifetime = 300;
    static constexpr qint64 MinTicketLifetime = 10;
};

/// Scan transactions (docs/qr-protocol.md): platforms create them and poll, devices claim the
/// single-use ticket, then submit a result that is verified in full (certificate, binding
/// signature, every SignedData, every envelope) or reject it. Every failure returns a code of
/// core/protocol/transactionerrors.h (or another domain's) and changes nothing. Results reach
/// the platform through the dispatcher.
/// Thread-safe: it keeps no state of its own besides the base URL (set before serving), and
/// each single-use step is decided by one SQL statement or transaction. Does not own its
/// collaborators.
class ScanService {
public:
    static constexpr int MaxReportRows = 200;
    static constexpr qsizetype MaxReasonLength = 200;
    /// Characters of a scan-report search; a search is a literal substring (no wildcards).
    static constexpr qsizetype MaxSearchLength = 200;

    ScanService(Database &db, CertificateAuthority &ca, CallbackDispatcher &callbacks, ScanLimits limits);

    /// The server URL that QR codes name.
    void setBaseUrl(const QUrl &baseUrl) { m_baseUrl = baseUrl; }

    /// `{"tId","qrContent","pollToken","expiresAt"}` for a validated request body.
    Result<QJsonObject> create(const Platform &platform, const QJsonObject &body);
    /// The transaction as its creator's poll token sees it; transaction_not_found for any mismatch.
    Result<QJsonObject> poll(const Platform &platform, const QString &tId, const QString &pollToken);
    /// One-time exchange of a login access token for the login's user information.
    Result<QJsonObject> exchangeAccessToken(const Platform &platform, const QString &accessToken);

    /// Claims the ticket for the account and returns the transaction view.
    Result<QJsonObject> claim(const QString &accountId, const QString &ticket);
    /// Verifies and stores the device's result, then queues the platform callback.
    Result<QJsonObject> submit(const QString &accountId, const QString &tId, const QJsonObject &body);
    /// "This wasn't me": cancels a claimed transaction and records the reason.
    Result<QJsonObject> reject(const QString &accountId, const QString &tId, const QString &reason);
    /// The account's transactions (scan report), newest first, filtered by `search` if not empty
    /// (a literal, case-insensitive substring of at most MaxSearchLength characters, else
    /// invalid_request with details.field "search"). A row that cannot be read is left out and
    /// its id logged; it never fails the list.
    Result<QJsonArray> list(const QString &accountId, const QString &search);

private:
    struct Row;
    struct UsablePair {
        std::optional<IssuedCertificate> signing; ///< always set
        std::optional<IssuedCertificate> encryption;
    };
    /// Transactions (alias t, joined with their platform p) matching `where`, then `order`.
    Result<QList<Row>> select(const QString &where, const QVariantList &values, const QString &order = {});
    Result<std::optional<Row>> load(const QString &where, const QVariantList &values);
    /// The transaction `tId` claimed by `accountId`; `transaction_not_found` otherwise.
    Result<Row> loadClaimed(const QString &accountId, const QString &tId);
    Result<QJsonObject> verifiedResult(const QString &accountId, const Row &row, const QJsonObject &body);
    /// The account's pair whose signing certificate `certSn` is valid now; certificate_unusable
    /// (unknown, revoked, expired) otherwise.
    Result<UsablePair> usablePair(const QString &accountId, const QString &certSn);
    /// Commits `tx`, then starts delivering its callback `eventId`; `{"tId","status"}`.
    Result<QJsonObject> commitAndNotify(Transaction &tx, const QString &eventId, const QString &status,
                                        const QString &tId);

    Database &m_db;
    CertificateAuthority &m_ca;
    CallbackDispatcher &m_callbacks;
    ScanLimits m_limits;
    QUrl m_baseUrl;
};

} // namespace tq::server
