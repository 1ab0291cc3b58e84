#include "server/identity/identityservice.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/protocol/identityerrors.h"
#include "core/validators/rules.h"
#include "core/validators/validationerrors.h"
#include "server/db/database.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"

namespace tq::server {

namespace {

constexpr int MaxNameLength = 64;
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

Result<Person> normalized(const QString &rawName, const QString &rawIdNumber)
{
    const QString name = rawName.trimmed();
    if (name.isEmpty() || name.size() > MaxNameLength)
        return Error(ApiError::InvalidRequest,
                     QStringLiteral("The name must have 1 to %1 characters.").arg(MaxNameLength),
                     {{QStringLiteral("field"), QStringLiteral("name")}});
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
                                 FaceLivenessProvider &liveness)
    : m_db(db), m_masterKey(masterKey), m_identity(identity), m_liveness(liveness)
{
}

QByteArray IdentityService::pseudonymOf(const QString &idNumber) const
{
    QByteArray bytes = idNumber.toLatin1();
    const QByteArray pseudonym = m_masterKey.keyedHash(PseudonymPurpose, bytes);
    SecureBytes::wipe(bytes);
    return pseudonym;
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

Result<void> IdentityService::confirm(const QString &accountId, const QString &rawName, const QString &rawIdNumber,
                                     const QString &livenessEvidence)
{
    auto recorded = find(accountId);
    if (!recorded)
        return recorded.error();
    if (!recorded.value())
        return Error(IdentityError::IdentityRequired, QStringLiteral("Verify your identity first."));
    // The reason lets the app say which mismatch this is; it is the same for every difference.
    const Error different(IdentityError::IdentityMismatch,
                          QStringLiteral("This is not the person this account was verified as."),
                          {{QStringLiteral("reason"), QStringLiteral("notAccountHolder")}});
    const auto person = normalized(rawName, rawIdNumber);
    if (!person)
        return person.error();
    if (person.value().name != recorded.value()->name
        || pseudonymOf(person.value().idNumber) != recorded.value()->pseudonym)
        return different;
    auto again = check(rawName, rawIdNumber, livenessEvidence);
    if (!again)
        return again.error().is(IdentityError::IdentityMismatch) ? different : again.error();
    return {};
}

Result<Identity> IdentityService::verify(const QString &accountId, const QString &rawName, const QString &rawIdNumber,
                                         const QString &livenessEvidence)
{
    auto checked = check(rawName, rawIdNumber, livenessEvidence);
    if (!checked)
        return checked.error();
    Identity identity = std::move(checked).value();
    const QString idNumber = rawIdNumber.toUpper();

    QByteArray idBytes = idNumber.toLatin1();
    const auto sealed = m_masterKey.seal(idBytes, SealPurpose);
    const QString lookup = QString::fromLatin1(m_masterKey.keyedHash(LookupPurpose, idBytes).toHex());
    SecureBytes::wipe(idBytes);
    if (!sealed)
        return sealed.error();

    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    if (auto r = m_db.run(QStringLiteral("DELETE FROM identities WHERE account_id = ?"), {accountId}); !r)
        return r.error();
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
