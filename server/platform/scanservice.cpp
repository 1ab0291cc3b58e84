#include "server/platform/scanservice.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/crypto/random.h"
#include "core/protocol/qrpayload.h"
#include "core/verify/resultverifier.h"
#include "server/accounts/sessionstore.h"
#include "server/ca/certificateauthority.h"
#include "server/db/database.h"
#include "server/logging.h"
#include "server/platform/callbackdispatcher.h"
#include "server/platform/platformregistry.h"
#include "core/protocol/transactionerrors.h"
#include "core/crypto/certificateerrors.h"

#include <QHash>
#include <QJsonDocument>

namespace tq::server {

namespace {

constexpr qsizetype TokenBytes = 32;
constexpr qsizetype TIdRandomBytes = 16;
const QString Pending = QStringLiteral("pending");
const QString Scanned = QStringLiteral("scanned");
const QString Completed = QStringLiteral("completed");
const QString Rejected = QStringLiteral("rejected");
const QString Expired = QStringLiteral("expired");

Error fieldError(const QString &field, const QString &message)
{
    return Error(ApiError::InvalidRequest, message, {{QStringLiteral("field"), field}});
}

Error notFound()
{
    return Error(TransactionError::TransactionNotFound, QStringLiteral("There is no such scan transaction."));
}

Error closed(const QString &status)
{
    return Error(TransactionError::TransactionClosed,
                 QStringLiteral("The transaction is %1 and takes no more answers.").arg(status),
                 {{QStringLiteral("status"), status}});
}

Error unusable(const char *reason, const QString &message)
{
    return Error(TransactionError::CertificateUnusable, message, {{QStringLiteral("reason"), QString::fromLatin1(reason)}});
}

/// A device's {keyName, valueName} list (strict base64 values) by key; fails with
/// invalid_signature naming the entry that is malformed or repeated.
Result<QHash<QString, QByteArray>> keyedEntries(const QJsonArray &list, const char *keyName, const char *valueName,
                                               const QString &malformed)
{
    QHash<QString, QByteArray> byKey;
    for (const QJsonValue &entry : list) {
        const QString key = entry.toObject().value(QLatin1String(keyName)).toString();
        const auto value = fromBase64Text(entry.toObject().value(QLatin1String(valueName)));
        if (!value || byKey.contains(key))
            return Error(TransactionError::InvalidSignature, malformed, {{QStringLiteral("key"), key}});
        byKey.insert(key, *value);
    }
    return byKey;
}

QString algorithmName(const Certificate &certificate)
{
    switch (certificate.keyAlgorithm.value_or(KeyAlgorithm::Sm2)) {
    case KeyAlgorithm::Sm2:
        return QStringLiteral("SM2");
    case KeyAlgorithm::EcdsaP256:
        return QStringLiteral("ECDSA");
    case KeyAlgorithm::Rsa2048:
        return QStringLiteral("RSA");
    }
    return {};
}

const QString &callbackType(ScanAction action)
{
    static const QString login = QStringLiteral("02"), signature = QStringLiteral("03"),
                         encryption = QStringLiteral("05"), decryption = QStringLiteral("06");
    switch (action) {
    case ScanAction::Login:
    case ScanAction::Bind:
        return login;
    case ScanAction::Encrypt:
        return encryption;
    case ScanAction::Decrypt:
        return decryption;
    case ScanAction::Sign:
    case ScanAction::Seal:
    case ScanAction::WithdrawSeal:
    case ScanAction::MessageSign:
        break;
    }
    return signature;
}

} // namespace

struct ScanService::Row {
    QString id;
    Platform platform;
    ScanContent content;
    QString challenge;
    QString status;
    qint64 createdAt = 0;
    qint64 expiresAt = 0;
    QString accountId;
    std::optional<qint64> claimedAt;
    qint64 resultDeadline = 0;
    std::optional<qint64> completedAt;
    QString certSerial;
    QJsonObject result;
    QString reportReason;

    /// The stored status, or "expired" once its deadline passed without an answer.
    QString effectiveStatus(qint64 now) const
    {
        if (status == Pending && now >= expiresAt)
            return Expired;
        if (status == Scanned && now >= resultDeadline)
            return Expired;
        return status;
    }

    QJsonObject reportJson() const
    {
        QJsonObject json{{QStringLiteral("tId"), id},
                         {QStringLiteral("action"), scanActionName(content.action)},
                         {QStringLiteral("status"), effectiveStatus(Clock::nowSecs())},
                         {QStringLiteral("platform"),
                          QJsonObject{{QStringLiteral("code"), platform.code}, {QStringLiteral("name"), platform.name}}},
                         {QStringLiteral("createdAt"), utcTextFromSecs(createdAt)}};
        if (claimedAt)
            json.insert(QStringLiteral("claimedAt"), utcTextFromSecs(*claimedAt));
        if (completedAt)
            json.insert(QStringLiteral("completedAt"), utcTextFromSecs(*completedAt));
        if (!certSerial.isEmpty())
            json.insert(QStringLiteral("certSn"), certSerial);
        if (!reportReason.isEmpty())
            json.insert(QStringLiteral("reportReason"), reportReason);
        return json;
    }
};

ScanService::ScanService(Database &db, CertificateAuthority &ca, CallbackDispatcher &callbacks, ScanLimits limits)
    : m_db(db), m_ca(ca), m_callbacks(callbacks), m_limits(limits)
{
}

Result<QList<ScanService::Row>> ScanService::select(const QString &where, const QVariantList &values,
                                                    const QString &order)
{
    static const QString selectFrom =
        QStringLiteral("SELECT t.id, t.content, t.challenge, t.status, t.created_at, t.expires_at, t.account_id, "
                       "t.claimed_at, t.result_deadline, t.completed_at, t.cert_serial, t.result, t.report_reason, ")
        + PlatformRegistry::columns(QLatin1StringView("p"))
        + QStringLiteral(" FROM scan_transactions t JOIN platforms p ON p.code = t.platform_code WHERE ");
    auto query = m_db.exec(selectFrom + where + order, values);
    if (!query)
        return query.error();
    QList<Row> rows;
    Rows &q = query.value();
    while (q.next()) {
        auto content = ScanContent::fromJson(QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
        if (!content) {
            // Stored content passed the same rule when it was created, so this is a row an older
            // version stored or a damaged one: one such row must not make every list with it fail.
            // A single lookup then finds nothing.
            qCWarning(lcServer).noquote() << "scan transaction" << q.value(0).toString()
                                          << "cannot be read and is left out:" << content.error().message;
            continue;
        }
        Row row;
        row.id = q.value(0).toString();
        row.content = std::move(content).value();
        row.challenge = q.value(2).toString();
        row.status = q.value(3).toString();
        row.createdAt = q.value(4).toLongLong();
        row.expiresAt = q.value(5).toLongLong();
        row.accountId = q.value(6).toString();
        if (!q.value(7).isNull())
            row.claimedAt = q.value(7).toLongLong();
        row.resultDeadline = q.value(8).toLongLong();
        if (!q.value(9).isNull())
            row.completedAt = q.value(9).toLongLong();
        row.certSerial = q.value(10).toString();
        row.result = QJsonDocument::fromJson(q.value(11).toString().toUtf8()).object();
        row.reportReason = q.value(12).toString();
        row.platform = PlatformRegistry::platformAt(q, 13);
        rows.append(std::move(row));
    }
    return rows;
}

Result<std::optional<ScanService::Row>> ScanService::load(const QString &where, const QVariantList &values)
{
    auto rows = select(where, values);
    if (!rows)
        return rows.error();
    if (rows.value().isEmpty())
        return std::optional<Row>();
    return std::optional<Row>(std::move(rows.value().first()));
}

// ---- platform side

Result<QJsonObject> ScanService::create(const Platform &platform, const QJsonObject &body)
{
    auto content = ScanContent::fromJson(body);
    if (!content)
        return content.error();
    for (qsizetype i = 0; i < content.value().documents.size(); ++i) {
        const QUrl &url = content.value().documents.at(i).url;
        if (!url.isEmpty() && !platform.allowsUrl(url))
            return fieldError(QStringLiteral("documents[%1].url").arg(i),
                              QStringLiteral("Document URLs must be on one of the platform's allowed origins."));
    }
    if (content.value().action == ScanAction::Decrypt && platform.encryptionKeyDer.isEmpty())
        return fieldError(QStringLiteral("action"),
                          QStringLiteral("Register an SM2 encryption key for the platform before asking to decrypt."));
    qint64 lifetime = m_limits.ticketLifetime;
    if (body.contains(QStringLiteral("expiresIn"))) {
        const QJsonValue value = body.value(QStringLiteral("expiresIn"));
        const double seconds = value.toDouble(-1);
        if (!value.isDouble() || seconds != double(qint64(seconds)) || seconds < ScanLimits::MinTicketLifetime
            || seconds > m_limits.ticketLifetime)
            return fieldError(QStringLiteral("expiresIn"),
                              QStringLiteral("expiresIn must be whole seconds from %1 to %2.")
                                  .arg(ScanLimits::MinTicketLifetime)
                                  .arg(m_limits.ticketLifetime));
        lifetime = qint64(seconds);
    }

    const QString tId = platform.code + toHexText(Random::bytes(TIdRandomBytes));
    const QString ticket = QrPayload::newTicket();
    const QString pollToken = Random::token(TokenBytes);
    const qint64 now = Clock::nowSecs();
    const auto inserted = m_db.run(
        QStringLiteral("INSERT INTO scan_transactions (id, platform_code, action, content, challenge, ticket_hash, "
                       "poll_token_hash, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {tId, platform.code, scanActionName(content.value().action),
         QString::fromUtf8(QJsonDocument(content.value().toJson()).toJson(QJsonDocument::Compact)),
         Random::token(TokenBytes), tokenHash(ticket), tokenHash(pollToken), Pending, now, now + lifetime});
    if (!inserted)
        return inserted.error();
    return QJsonObject{{QStringLiteral("tId"), tId},
                       {QStringLiteral("qrContent"), QrPayload{m_baseUrl, ticket}.toText()},
                       {QStringLiteral("pollToken"), pollToken},
                       {QStringLiteral("expiresAt"), utcTextFromSecs(now + lifetime)}};
}

Result<QJsonObject> ScanService::poll(const Platform &platform, const QString &tId, const QString &pollToken)
{
    const auto found = load(QStringLiteral("t.id = ? AND t.platform_code = ? AND t.poll_token_hash = ?"),
                            {tId, platform.code, tokenHash(pollToken)});
    if (!found)
        return found.error();
    if (!found.value())
        return notFound();
    const Row &row = *found.value();
    QJsonObject json{{QStringLiteral("tId"), row.id},
                     {QStringLiteral("action"), scanActionName(row.content.action)},
                     {QStringLiteral("status"), row.effectiveStatus(Clock::nowSecs())},
                     {QStringLiteral("expiresAt"), utcTextFromSecs(row.expiresAt)}};
    if (row.claimedAt)
        json.insert(QStringLiteral("scannedAt"), utcTextFromSecs(*row.claimedAt));
    if (row.completedAt)
        json.insert(QStringLiteral("completedAt"), utcTextFromSecs(*row.completedAt));
    if (row.status == Completed)
        json.insert(QStringLiteral("result"), row.result);
    return json;
}

Result<QJsonObject> ScanService::exchangeAccessToken(const Platform &platform, const QString &accessToken)
{
    const Error unknown(ApiError::NotFound, QStringLiteral("This access token is unknown, used or expired."));
    const QString hash = tokenHash(accessToken);
    const auto tId =
        m_db.scalar(QStringLiteral("SELECT a.transaction_id FROM scan_access_tokens a JOIN scan_transactions t "
                                   "ON t.id = a.transaction_id WHERE a.token_hash = ? AND t.platform_code = ? "
                                   "AND a.used_at IS NULL AND a.expires_at > ?"),
                    {hash, platform.code, Clock::nowSecs()});
    if (!tId)
        return tId.error();
    if (tId.value().isNull())
        return unknown;
    const auto used = m_db.update(
        QStringLiteral("UPDATE scan_access_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"),
        {Clock::nowSecs(), hash});
    if (!used)
        return used.error();
    if (used.value() != 1)
        return unknown;
    const auto found = load(QStringLiteral("t.id = ?"), {tId.value()});
    if (!found)
        return found.error();
    if (!found.value())
        return unknown;
    QJsonObject json{{QStringLiteral("tId"), found.value()->id},
                     {QStringLiteral("action"), scanActionName(found.value()->content.action)}};
    for (const char *field : {"certSn", "caOrgType", "subject", "pubCert", "algorithm", "loginUserType"})
        json.insert(QLatin1String(field), found.value()->result.value(QLatin1String(field)));
    return json;
}

// ---- device side

Result<QJsonObject> ScanService::claim(const QString &accountId, const QString &ticket)
{
    if (!QrPayload::isTicket(ticket))
        return fieldError(QStringLiteral("ticket"),
                          QStringLiteral("The ticket must be the 43 characters from the QR code."));
    const QString hash = tokenHash(ticket);
    const qint64 now = Clock::nowSecs();
    // One statement decides the race: only the first claim of an unexpired ticket changes the row.
    const auto claimed = m_db.update(
        QStringLiteral("UPDATE scan_transactions SET account_id = ?, claimed_at = ?, result_deadline = ?, status = ? "
                       "WHERE ticket_hash = ? AND claimed_at IS NULL AND status = ? AND expires_at > ?"),
        {accountId, now, now + m_limits.resultLifetime, Scanned, hash, Pending, now});
    if (!claimed)
        return claimed.error();
    const auto found = load(QStringLiteral("t.ticket_hash = ?"), {hash});
    if (!found)
        return found.error();
    if (!found.value())
        return notFound();
    const Row &row = *found.value();
    if (claimed.value() != 1) {
        if (row.claimedAt || row.status != Pending)
            return Error(TransactionError::TicketUsed, QStringLiteral("This QR code was scanned before; it works only once."));
        return Error(TransactionError::TicketExpired, QStringLiteral("This QR code has expired."));
    }
    // The claim stands even if the notice cannot be queued; the platform can still poll.
    if (const auto queued = m_callbacks.enqueue(row.platform, row.id, QStringLiteral("01"),
                                                {{QStringLiteral("isScaned"), QStringLiteral("01")},
                                                 {QStringLiteral("status"), Scanned},
                                                 {QStringLiteral("action"), scanActionName(row.content.action)}}))
        m_callbacks.deliver(queued.value());

    QJsonObject view = row.content.toJson();
    QJsonObject platformJson{{QStringLiteral("code"), row.platform.code},
                             {QStringLiteral("name"), row.platform.name}};
    if (!row.platform.encryptionKeyDer.isEmpty())
        platformJson.insert(QStringLiteral("encryptionKey"), toBase64Text(row.platform.encryptionKeyDer));
    view.insert(QStringLiteral("tId"), row.id);
    view.insert(QStringLiteral("status"), row.status);
    view.insert(QStringLiteral("platform"), platformJson);
    view.insert(QStringLiteral("challenge"), row.challenge);
    view.insert(QStringLiteral("expiresAt"), utcTextFromSecs(row.expiresAt));
    view.insert(QStringLiteral("resultDeadline"), utcTextFromSecs(row.resultDeadline));
    view.insert(QStringLiteral("envelopeCount"), qint64(row.content.envelopes.size()));
    return view;
}

Result<QJsonObject> ScanService::verifiedResult(const QString &accountId, const Row &row, const QJsonObject &body)
{
    const QJsonValue certSnValue = body.value(QStringLiteral("certSn"));
    if (!certSnValue.isString() || !isSerialHex(certSnValue.toString()))
        return fieldError(QStringLiteral("certSn"),
                          QStringLiteral("certSn must be the signing certificate's hex serial."));
    const QString certSn = certSnValue.toString().toUpper();
    const auto bindingSignature = fromBase64Text(body.value(QStringLiteral("bindingSignature")));
    if (!bindingSignature)
        return fieldError(QStringLiteral("bindingSignature"),
                          QStringLiteral("bindingSignature must be the base64 signature over the binding statement."));
    if (row.content.action == ScanAction::WithdrawSeal && certSn != row.content.certSn)
        return unusable("not_requested",
                        QStringLiteral("The platform asked for the certificate %1.").arg(row.content.certSn));

    // The server is the CA: its own records say whether the certificate is usable, so the
    // relying party's chain and CRL checks (verify::certificateTrust) are not needed here.
    const auto pair = usablePair(accountId, certSn);
    if (!pair)
        return pair.error();
    const std::optional<IssuedCertificate> &signing = pair.value().signing;
    const std::optional<IssuedCertificate> &encryption = pair.value().encryption;
    const Certificate &certificate = signing->certificate;

    const ExpectedResult expected{row.content, row.platform.code, row.id, row.platform.encryptionKeyDer, std::nullopt};
    const auto statement = verify::binding(expected, certificate, row.challenge, *bindingSignature);
    if (!statement)
        return statement.error();

    QJsonObject result{{QStringLiteral("certSn"), certSn},
                       {QStringLiteral("caOrgType"), signing->caOrg},
                       {QStringLiteral("subject"), certificate.subject},
                       {QStringLiteral("pubCert"), toBase64Text(certificate.der)},
                       {QStringLiteral("algorithm"), algorithmName(certificate)},
                       {QStringLiteral("binding"), toBase64Text(statement.value())},
                       {QStringLiteral("bindingSignature"), toBase64Text(*bindingSignature)}};

    const auto signatures = keyedEntries(body.value(QStringLiteral("signatures")).toArray(), "key", "signatureValue",
                                         QStringLiteral("Each item needs one base64 signatureValue."));
    if (!signatures)
        return signatures.error();
    if (auto ok = verify::itemSignatures(row.content, certificate, signatures.value()); !ok)
        return ok.error();
    QJsonArray signatureList;
    for (const ScanItem &item : row.content.signItems()) {
        signatureList.append(QJsonObject{{QStringLiteral("signKey"), item.key},
                                         {QStringLiteral("signatureValue"), toBase64Text(signatures.value().value(item.key))}});
    }
    if (!signatureList.isEmpty()) {
        result.insert(QStringLiteral("signatureValue"),
                      signatureList.first().toObject().value(QStringLiteral("signatureValue")));
        result.insert(QStringLiteral("signatureValueList"), signatureList);
    }

    if (row.content.action == ScanAction::Encrypt || row.content.action == ScanAction::Decrypt) {
        if (!encryption || encryption->status() != u"valid")
            return unusable("no_encryption_certificate",
                            QStringLiteral("This certificate has no valid encryption certificate beside it."));
        result.insert(QStringLiteral("encCertSn"), encryption->certificate.serialHex);
    }
    if (row.content.action == ScanAction::Login || row.content.action == ScanAction::Bind)
        result.insert(QStringLiteral("loginUserType"), QStringLiteral("01"));
    if (row.content.action == ScanAction::Encrypt) {
        result.insert(QStringLiteral("encPubCert"), toBase64Text(encryption->certificate.der));
        result.insert(QStringLiteral("signatureValue"), toBase64Text(*bindingSignature));
    }
    if (row.content.action == ScanAction::Decrypt) {
        const auto answers = keyedEntries(body.value(QStringLiteral("decryptList")).toArray(), "decryptKey", "decryptStr",
                                          QStringLiteral("Each envelope needs one decryptStr: a base64 SM2 ciphertext."));
        if (!answers)
            return answers.error();
        const auto opened =
            verify::decryptAnswers(row.content, encryption->certificate.serialHex, signing->caOrg, answers.value());
        if (!opened)
            return opened.error();
        QJsonArray decryptList;
        for (const auto &[key, cipher] : opened.value()) {
            decryptList.append(QJsonObject{{QStringLiteral("decryptKey"), key},
                                           {QStringLiteral("decryptStr"), toBase64Text(cipher)},
                                           {QStringLiteral("decryptStatus"), QStringLiteral("0")},
                                           {QStringLiteral("decryptStatusInfo"), QStringLiteral("ok")}});
        }
        result.insert(QStringLiteral("decryptList"), decryptList);
    }
    return result;
}

Result<ScanService::UsablePair> ScanService::usablePair(const QString &accountId, const QString &certSn)
{
    const auto pair = m_ca.pairBySigningSerial(accountId, certSn);
    if (!pair) {
        if (pair.error().is(CertificateError::CertificateNotFound))
            return unusable("unknown", QStringLiteral("This account has no signing certificate with that serial."));
        return pair.error();
    }
    UsablePair usable;
    for (const IssuedCertificate &c : pair.value())
        (c.usage == u"signing" ? usable.signing : usable.encryption) = c;
    if (!usable.signing)
        return unusable("unknown", QStringLiteral("This account has no signing certificate with that serial."));
    const QString status = usable.signing->status();
    if (status == u"revoked")
        return unusable("revoked", QStringLiteral("The certificate is revoked."));
    if (status != u"valid" || usable.signing->certificate.notBefore > Clock::now())
        return unusable("expired", QStringLiteral("The certificate is not within its validity period."));
    return usable;
}

Result<ScanService::Row> ScanService::loadClaimed(const QString &accountId, const QString &tId)
{
    auto found = load(QStringLiteral("t.id = ? AND t.account_id = ? AND t.claimed_at IS NOT NULL"), {tId, accountId});
    if (!found)
        return found.error();
    if (!found.value())
        return notFound();
    return *found.value();
}

Result<QJsonObject> ScanService::submit(const QString &accountId, const QString &tId, const QJsonObject &body)
{
    const auto found = loadClaimed(accountId, tId);
    if (!found)
        return found.error();
    const Row &row = found.value();
    const qint64 now = Clock::nowSecs();
    if (row.status != Scanned)
        return closed(row.status);
    if (now >= row.resultDeadline)
        return Error(TransactionError::TicketExpired, QStringLiteral("The time to answer this request has run out."));
    const auto result = verifiedResult(accountId, row, body);
    if (!result)
        return result.error();

    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    const QString certSn = result.value().value(QStringLiteral("certSn")).toString();
    // Verification ran before this transaction, concurrently with others; a revocation that
    // committed meanwhile must still refuse the result, so look again under the write lock.
    if (auto stillUsable = usablePair(accountId, certSn); !stillUsable)
        return stillUsable.error();
    const auto updated = m_db.update(
        QStringLiteral("UPDATE scan_transactions SET status = ?, completed_at = ?, cert_serial = ?, result = ? "
                       "WHERE id = ? AND status = ?"),
        {Completed, now, certSn, QString::fromUtf8(QJsonDocument(result.value()).toJson(QJsonDocument::Compact)),
         row.id, Scanned});
    if (!updated)
        return updated.error();
    if (updated.value() != 1)
        return closed(Completed); // another submission won the race
    QJsonObject data = result.value();
    if (row.content.action == ScanAction::Login || row.content.action == ScanAction::Bind) {
        const QString accessToken = Random::token(TokenBytes);
        if (auto stored =
                m_db.run(QStringLiteral("INSERT INTO scan_access_tokens (token_hash, transaction_id, expires_at) "
                                        "VALUES (?, ?, ?)"),
                         {tokenHash(accessToken), row.id, now + m_limits.accessTokenLifetime});
            !stored)
            return stored.error();
        data.insert(QStringLiteral("accessToken"), accessToken);
    }
    const auto queued = m_callbacks.enqueue(row.platform, row.id, callbackType(row.content.action), data);
    if (!queued)
        return queued.error();
    return commitAndNotify(tx, queued.value(), Completed, row.id);
}

Result<QJsonObject> ScanService::commitAndNotify(Transaction &tx, const QString &eventId, const QString &status,
                                                 const QString &tId)
{
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    m_callbacks.deliver(eventId);
    return QJsonObject{{QStringLiteral("tId"), tId}, {QStringLiteral("status"), status}};
}

Result<QJsonObject> ScanService::reject(const QString &accountId, const QString &tId, const QString &reason)
{
    if (reason.size() > MaxReasonLength)
        return fieldError(QStringLiteral("reason"),
                          QStringLiteral("The reason can have at most %1 characters.").arg(MaxReasonLength));
    const auto found = loadClaimed(accountId, tId);
    if (!found)
        return found.error();
    const Row &row = found.value();
    if (row.status != Scanned)
        return closed(row.status);
    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    const auto updated = m_db.update(QStringLiteral("UPDATE scan_transactions SET status = ?, completed_at = ?, "
                                                    "report_reason = ? WHERE id = ? AND status = ?"),
                                     {Rejected, Clock::nowSecs(), reason.trimmed(), row.id, Scanned});
    if (!updated)
        return updated.error();
    if (updated.value() != 1)
        return closed(Completed);
    const auto queued = m_callbacks.enqueue(row.platform, row.id, QStringLiteral("01"),
                                            {{QStringLiteral("isScaned"), QStringLiteral("01")},
                                             {QStringLiteral("status"), Rejected},
                                             {QStringLiteral("action"), scanActionName(row.content.action)}});
    if (!queued)
        return queued.error();
    return commitAndNotify(tx, queued.value(), Rejected, row.id);
}

Result<QJsonArray> ScanService::list(const QString &accountId, const QString &search)
{
    QString where = QStringLiteral("t.account_id = ? AND t.claimed_at IS NOT NULL");
    QVariantList values{accountId};
    const QString needle = search.trimmed().toLower();
    if (needle.size() > MaxSearchLength)
        return fieldError(QStringLiteral("search"),
                          QStringLiteral("A search has at most %1 characters.").arg(MaxSearchLength));
    if (!needle.isEmpty()) {
        QString escaped = needle;
        escaped.replace(u'\\', QStringLiteral("\\\\"))
            .replace(u'%', QStringLiteral("\\%"))
            .replace(u'_', QStringLiteral("\\_"));
        const QString like = QStringLiteral("%") + escaped + QStringLiteral("%");
        where += QStringLiteral(" AND (LOWER(t.id) LIKE ? ESCAPE '\\' OR LOWER(t.action) LIKE ? ESCAPE '\\' "
                                "OR LOWER(COALESCE(t.cert_serial, '')) LIKE ? ESCAPE '\\' "
                                "OR LOWER(p.code) LIKE ? ESCAPE '\\' OR LOWER(p.name) LIKE ? ESCAPE '\\')");
        values << like << like << like << like << like;
    }
    const auto rows =
        select(where, values, QStringLiteral(" ORDER BY t.claimed_at DESC, t.id LIMIT %1").arg(MaxReportRows));
    if (!rows)
        return rows.error();
    QJsonArray out;
    for (const Row &row : rows.value())
        out.append(row.reportJson());
    return out;
}

} // namespace tq::server
