#include "server/identity/identityservice.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/protocol/identityerrors.h"
#include "core/validators/rules.h"
#include "core/validators/validationerrors.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"

#include <QUuid>

namespace tq::server {

namespace {

constexpr char SealPurpose[] = "identities.id_number";
constexpr char LookupPurpose[] = "identities.id_number_hash";
constexpr char PseudonymPurpose[] = "certificate subject pseudonym";

QString maskedName(const QString &name)
{
    return name.left(1) + QString(name.size() - 1, u'*');
}

QString maskedIdNumber(const QString &idNumber)
{
    return idNumber.left(4) + QString(idNumber.size() - 8, u'*') + idNumber.right(4);
}

/// A name and ID number as entered, checked against the input rules and normalised.
struct Person {
    QString name;
    QString idNumber;
};

QString nameRule(rules::PersonNameIssue issue)
{
    switch (issue) {
    case rules::PersonNameIssue::Length:
        return QStringLiteral("length");
    case rules::PersonNameIssue::Digit:
        return QStringLiteral("digit");
    default:
        return QStringLiteral("character");
    }
}

Result<Person> normalized(const QString &rawName, const QString &rawIdNumber)
{
    const QString name = rules::normalizedPersonName(rawName);
    if (const auto issue = rules::checkPersonName(name); issue != rules::PersonNameIssue::None)
        return Error(ApiError::InvalidRequest,
                     QStringLiteral("The name must have %1 to %2 characters, no digits and no control or "
                                    "invisible characters.")
                         .arg(rules::PersonNameMinLength)
                         .arg(rules::PersonNameMaxLength),
                     {{QStringLiteral("field"), QStringLiteral("name")}, {QStringLiteral("rule"), nameRule(issue)}});
    if (!rules::isMainlandIdNumber(rawIdNumber))
        return Error(
            ValidationError::InvalidIdNumber,
            QStringLiteral("The ID number must be 18 characters with a valid birth date and check character."));
    return Person{name, rawIdNumber.toUpper()};
}

Error mismatch()
{
    return Error(IdentityError::IdentityMismatch,
                 QStringLiteral("The name and ID number do not match the identity records."));
}

} // namespace

QJsonObject Identity::toJson() const
{
    return {{QStringLiteral("verified"), true},
            {QStringLiteral("name"), maskedName(name)},
            {QStringLiteral("idNumberMasked"), idNumberMasked},
            {QStringLiteral("verifiedAt"), verifiedAt.toUTC().toString(Qt::ISODate)}};
}

IdentityService::IdentityService(Database &db, const MasterKey &masterKey, IdentityProvider &identity,
                                 FaceLivenessProvider &liveness, IdentityLimits limits)
    : m_db(db), m_masterKey(masterKey), m_identity(identity), m_liveness(liveness), m_limits(limits)
{
}

QByteArray IdentityService::pseudonymOf(const QString &idNumber) const
{
    QByteArray bytes = idNumber.toLatin1();
    const QByteArray pseudonym = m_masterKey.keyedHash(PseudonymPurpose, bytes);
    SecureBytes::wipe(bytes);
    return pseudonym;
}

QString IdentityService::lookupOf(const QString &idNumber) const
{
    QByteArray bytes = idNumber.toLatin1();
    const QString lookup = QString::fromLatin1(m_masterKey.keyedHash(LookupPurpose, bytes).toHex());
    SecureBytes::wipe(bytes);
    return lookup;
}

Result<Identity> IdentityService::check(const QString &rawName, const QString &rawIdNumber,
                                        const QString &livenessEvidence)
{
    const auto person = normalized(rawName, rawIdNumber);
    if (!person)
        return person.error();
    const QString &name = person.value().name;
    const QString &idNumber = person.value().idNumber;
    const auto match = m_identity.verify(name, idNumber);
    if (!match)
        return match.error();
    if (match.value() == IdentityProvider::Match::Mismatch)
        return mismatch();
    if (auto live = m_liveness.check(name, idNumber, livenessEvidence); !live)
        return live.error();
    return Identity{name, maskedIdNumber(idNumber), pseudonymOf(idNumber),
                    QDateTime::fromSecsSinceEpoch(Clock::nowSecs(), Qt::UTC)};
}

Result<void> IdentityService::confirm(const Identity &expected, const QString &rawName, const QString &rawIdNumber,
                                     const QString &livenessEvidence)
{
    // The reason lets the app say which mismatch this is; it is the same for every difference.
    const Error different(IdentityError::IdentityMismatch,
                          QStringLiteral("This is not the person this account was verified as."),
                          {{QStringLiteral("reason"), QStringLiteral("notAccountHolder")}});
    const auto person = normalized(rawName, rawIdNumber);
    if (!person)
        return person.error();
    if (person.value().name != rules::normalizedPersonName(expected.name)
        || pseudonymOf(person.value().idNumber) != expected.pseudonym)
        return different;
    auto again = check(rawName, rawIdNumber, livenessEvidence);
    if (!again)
        return again.error().is(IdentityError::IdentityMismatch) ? different : again.error();
    return {};
}

Result<void> IdentityService::confirmCounted(const QString &accountId, const Identity &expected,
                                             const QString &rawName, const QString &rawIdNumber,
                                             const QString &livenessEvidence)
{
    const auto person = normalized(rawName, rawIdNumber);
    if (!person)
        return person.error();
    const auto attempt = countAttempt(accountId, lookupOf(person.value().idNumber));
    if (!attempt)
        return attempt.error();
    auto confirmed = confirm(expected, rawName, rawIdNumber, livenessEvidence);
    settleAttempt(attempt.value(), bool(confirmed));
    return confirmed;
}

Result<QString> IdentityService::countAttempt(const QString &accountId, const QString &idNumberHash)
{
    constexpr qint64 Day = 86400;
    const qint64 now = Clock::nowSecs();
    const QString attemptId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    // Attempts matter for a day only; older rows would just be a history of who tried which number.
    if (auto r = m_db.run(QStringLiteral("DELETE FROM identity_attempts WHERE created_at <= ?"), {now - Day}); !r)
        return r.error();
    // Written before it is counted, so concurrent attempts (or several servers on one database)
    // each see the others and cannot slip past the limit together.
    if (auto r = m_db.run(QStringLiteral("INSERT INTO identity_attempts (id, account_id, id_number_hash, outcome, "
                                         "created_at) VALUES (?, ?, ?, 'pending', ?)"),
                          {attemptId, accountId, idNumberHash, now});
        !r)
        return r.error();
    auto forAccount = m_db.exec(QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM identity_attempts "
                                               "WHERE account_id = ? AND created_at > ?"),
                                {accountId, now - Day});
    auto forNumber = m_db.exec(QStringLiteral("SELECT COUNT(*), MIN(created_at) FROM identity_attempts "
                                              "WHERE id_number_hash = ? AND outcome <> 'ok' AND created_at > ?"),
                               {idNumberHash, now - Day});
    if (!forAccount || !forNumber || !forAccount.value().next() || !forNumber.value().next())
        return databaseError();
    Rows &account = forAccount.value();
    Rows &number = forNumber.value();
    qint64 oldest = -1;
    if (account.value(0).toInt() > m_limits.attemptsPerAccount)
        oldest = account.value(1).toLongLong();
    else if (number.value(0).toInt() > m_limits.failuresPerIdNumber)
        oldest = number.value(1).toLongLong();
    if (oldest < 0)
        return attemptId;
    // A refused attempt is not counted, or a stranger could keep someone's number blocked for good.
    if (auto r = m_db.run(QStringLiteral("DELETE FROM identity_attempts WHERE id = ?"), {attemptId}); !r)
        return r.error();
    return Error(IdentityError::TooManyVerifications,
                 QStringLiteral("Too many identity verifications for this account or ID number; try again later."),
                 {{QStringLiteral("retryAfter"), qMax<qint64>(1, oldest + Day - now)}});
}

void IdentityService::settleAttempt(const QString &attemptId, bool succeeded)
{
    const auto r = m_db.run(QStringLiteral("UPDATE identity_attempts SET outcome = ? WHERE id = ?"),
                            {succeeded ? QStringLiteral("ok") : QStringLiteral("failed"), attemptId});
    if (!r)
        qCWarning(lcServer) << "could not record the outcome of an identity verification";
}

Result<Identity> IdentityService::verify(const QString &accountId, const QString &rawName, const QString &rawIdNumber,
                                         const QString &livenessEvidence)
{
    const auto person = normalized(rawName, rawIdNumber);
    if (!person)
        return person.error();
    QByteArray idBytes = person.value().idNumber.toLatin1();
    const QString lookup = lookupOf(person.value().idNumber);
    const auto sealed = m_masterKey.seal(idBytes, SealPurpose);
    SecureBytes::wipe(idBytes);
    if (!sealed)
        return sealed.error();
    const auto attempt = countAttempt(accountId, lookup);
    if (!attempt)
        return attempt.error();

    auto recorded = find(accountId);
    if (!recorded) {
        settleAttempt(attempt.value(), false);
        return recorded.error();
    }
    const bool samePerson = recorded.value()
        && rules::normalizedPersonName(recorded.value()->name) == person.value().name
        && recorded.value()->pseudonym == pseudonymOf(person.value().idNumber);
    const Error locked(IdentityError::IdentityLocked,
                       QStringLiteral("This account holds certificates or two-party keys of the person it was "
                                      "verified as; a name change is a re-verification of that person under "
                                      "operator review."));
    // The rule of the DELETE below, read first so that a refused person costs no provider call.
    const QString replaceable = QStringLiteral("NOT EXISTS (SELECT 1 FROM certificates WHERE account_id = ?) "
                                               "AND NOT EXISTS (SELECT 1 FROM cosign_keys WHERE account_id = ?)");
    if (recorded.value() && !samePerson) {
        auto open = m_db.scalar(QStringLiteral("SELECT CASE WHEN ") + replaceable + QStringLiteral(" THEN 1 ELSE 0 END"),
                                {accountId, accountId});
        if (!open || open.value().toInt() != 1) {
            settleAttempt(attempt.value(), false);
            return open ? Result<Identity>(locked) : Result<Identity>(open.error());
        }
    }

    auto checked = check(rawName, rawIdNumber, livenessEvidence);
    settleAttempt(attempt.value(), bool(checked));
    if (!checked)
        return checked.error();
    Identity identity = std::move(checked).value();

    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    // Decided by the statement itself: a certificate or key committed meanwhile keeps the identity.
    auto removed = samePerson
        ? m_db.update(QStringLiteral("DELETE FROM identities WHERE account_id = ?"), {accountId})
        : m_db.update(QStringLiteral("DELETE FROM identities WHERE account_id = ? AND ") + replaceable,
                      {accountId, accountId, accountId});
    if (!removed)
        return removed.error();
    if (recorded.value() && removed.value() == 0)
        return locked;
    if (auto r = m_db.run(QStringLiteral("INSERT INTO identities (account_id, name, id_number_sealed, id_number_hash, "
                                         "id_number_masked, pseudonym, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                          {accountId, identity.name, sealed.value(), lookup, identity.idNumberMasked,
                           QString::fromLatin1(identity.pseudonym.toHex()), identity.verifiedAt.toSecsSinceEpoch()});
        !r)
        return r.error();
    if (auto r = m_db.run(QStringLiteral("UPDATE accounts SET identity_verified = 1 WHERE id = ?"), {accountId}); !r)
        return r.error();
    qCInfo(lcServer) << "identity verified for account" << accountId;
    return tx.commitIf(Result<Identity>(std::move(identity)));
}

Result<std::optional<Identity>> IdentityService::find(const QString &accountId)
{
    auto query = m_db.exec(QStringLiteral("SELECT name, id_number_masked, pseudonym, verified_at FROM identities "
                                          "WHERE account_id = ?"),
                           {accountId});
    if (!query)
        return query.error();
    Rows &q = query.value();
    if (!q.next())
        return std::optional<Identity>();
    return std::optional<Identity>(Identity{q.value(0).toString(), q.value(1).toString(),
                                            QByteArray::fromHex(q.value(2).toString().toLatin1()),
                                            QDateTime::fromSecsSinceEpoch(q.value(3).toLongLong(), Qt::UTC)});
}

} // namespace tq::server
