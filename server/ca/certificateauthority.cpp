#include "server/ca/certificateauthority.h"

#include "core/common/apierrors.h"
#include "core/common/clock.h"
#include "core/common/encoding.h"
#include "core/protocol/routes.h"
#include "server/ca/kmc.h"
#include "server/ca/ordergate.h"
#include "server/ca/x509builder.h"
#include "server/cosign/cosignservice.h"
#include "server/db/database.h"
#include "server/identity/identityservice.h"
#include "server/keys/masterkey.h"
#include "server/logging.h"
#include "core/crypto/certificateerrors.h"
#include "core/protocol/identityerrors.h"
#include "core/validators/rules.h"

#include <QJsonArray>
#include <QUuid>

#include <openssl/x509v3.h>

namespace tq::server {

namespace {

constexpr char RootKeyPurpose[] = "ca_institutions.root_key";
constexpr char IssuingKeyPurpose[] = "ca_institutions.issuing_key";
constexpr int RootYears = 20;
constexpr int IssuingYears = 10;
constexpr qint64 CrlLifetimeDays = 7;
constexpr qint64 RootCrlLifetimeDays = 365;
const QString Signing = QStringLiteral("signing");
const QString Encryption = QStringLiteral("encryption");

const QList<std::pair<QString, int>> &reasonCodes()
{
    static const QList<std::pair<QString, int>> codes{
        {QStringLiteral("unspecified"), 0},          {QStringLiteral("keyCompromise"), 1},
        {QStringLiteral("affiliationChanged"), 3},   {QStringLiteral("superseded"), 4},
        {QStringLiteral("cessationOfOperation"), 5},
    };
    return codes;
}

QDateTime now()
{
    return QDateTime::fromSecsSinceEpoch(Clock::nowSecs(), Qt::UTC);
}

Error caNotFound(const QString &code)
{
    return Error(CertificateError::CaNotFound, QStringLiteral("There is no CA institution with the code %1.").arg(code));
}

Error certificateNotFound()
{
    return Error(CertificateError::CertificateNotFound, QStringLiteral("This account has no certificate with that id."));
}

Error invalidCsr(const QString &why)
{
    return Error(CertificateError::InvalidCsr, why);
}

Result<KeyPair> openKey(const MasterKey &masterKey, const QString &sealed, const char *purpose)
{
    const auto pkcs8 = masterKey.open(sealed, purpose);
    if (!pkcs8)
        return pkcs8.error();
    return KeyPair::fromPrivateDer(pkcs8.value());
}

Result<QString> sealKey(const MasterKey &masterKey, const KeyPair &key, const char *purpose)
{
    const auto pkcs8 = key.privateKeyDer();
    if (!pkcs8)
        return pkcs8.error();
    return masterKey.seal(pkcs8.value().view(), purpose);
}

QList<std::pair<int, QByteArray>> caExtensions(bool root, const QString &crlUrl)
{
    QList<std::pair<int, QByteArray>> extensions{
        {NID_basic_constraints, root ? "critical,CA:TRUE" : "critical,CA:TRUE,pathlen:0"},
        {NID_key_usage, "critical,keyCertSign,cRLSign"},
        {NID_subject_key_identifier, "hash"},
    };
    if (!root) {
        extensions.append({NID_authority_key_identifier, "keyid:always"});
        extensions.append({NID_crl_distribution_points, "URI:" + crlUrl.toUtf8()});
    }
    return extensions;
}

CertificateSpec caSpec(const QString &name, const QString &role, const KeyPair &key, const QDateTime &start, int years,
                       QList<std::pair<int, QByteArray>> extensions)
{
    return {
        {{QStringLiteral("C"), QStringLiteral("CN")}, {QStringLiteral("O"), name}, {QStringLiteral("CN"), name + role}},
        key.publicKeyDer(),
        X509Builder::randomSerial(),
        start,
        start.addYears(years),
        std::move(extensions)};
}

} // namespace

// ---- IssuedCertificate

QString IssuedCertificate::status() const
{
    if (revokedAt)
        return QStringLiteral("revoked");
    return certificate.notAfter < now() ? QStringLiteral("expired") : QStringLiteral("valid");
}

QJsonObject IssuedCertificate::toJson() const
{
    const Certificate &c = certificate;
    QJsonObject json{{QStringLiteral("id"), id},
                     {QStringLiteral("pairId"), pairId},
                     {QStringLiteral("caOrg"), caOrg},
                     {QStringLiteral("usage"), usage},
                     {QStringLiteral("status"), status()},
                     {QStringLiteral("serial"), c.serialHex},
                     {QStringLiteral("subject"), c.subject},
                     {QStringLiteral("issuer"), c.issuer},
                     {QStringLiteral("notBefore"), c.notBefore.toString(Qt::ISODate)},
                     {QStringLiteral("notAfter"), c.notAfter.toString(Qt::ISODate)},
                     {QStringLiteral("keyUsage"), QJsonArray::fromStringList(c.keyUsage)},
                     {QStringLiteral("algorithm"), c.keyAlgorithm ? keyAlgorithmName(*c.keyAlgorithm) : QString()},
                     {QStringLiteral("der"), toBase64Text(c.der)}};
    if (revokedAt) {
        json.insert(QStringLiteral("revokedAt"), revokedAt->toString(Qt::ISODate));
        json.insert(QStringLiteral("revocationReason"), revocationReason);
    }
    return json;
}

// ---- CertificateAuthority

struct CertificateAuthority::Institution {
    QString code;
    QString name;
    QByteArray rootDer;
    QString rootKeySealed;
    QByteArray issuingDer;
    QString issuingKeySealed;
    qint64 crlNumber = 0;
    QByteArray crlDer;
};

CertificateAuthority::CertificateAuthority(Database &db, const MasterKey &masterKey, IdentityService &identities,
                                           OrderGate &gate, CosignService &cosign, ApplicationProofs &proofs,
                                           CaLimits limits)
    : m_db(db), m_masterKey(masterKey), m_identities(identities), m_gate(gate), m_cosign(cosign), m_proofs(proofs),
      m_limits(limits)
{
}

QStringList CertificateAuthority::revocationReasons()
{
    QStringList names;
    for (const auto &[name, code] : reasonCodes())
        names << name;
    return names;
}

QString CertificateAuthority::crlUrl(const QString &code, bool root) const
{
    QUrl url = m_baseUrl;
    url.setPath(routes::Prefix + routes::withArg(root ? routes::CaRootCrl : routes::CaCrl, code));
    return url.toString(QUrl::FullyEncoded);
}

Result<bool> CertificateAuthority::institutionExists(const QString &code)
{
    const auto count = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM ca_institutions WHERE code = ?"), {code});
    if (!count)
        return count.error();
    return count.value().toInt() > 0;
}

Result<void> CertificateAuthority::ensureInstitution(const QString &code, const QString &name)
{
    const auto existing = institutionExists(code);
    if (!existing)
        return existing.error();
    if (existing.value()) {
        // Fail at start, not at the first issue, when the key file is not the one this database was made with.
        const auto ca = institution(code);
        if (!ca)
            return ca.error();
        if (!openKey(m_masterKey, ca.value().issuingKeySealed, IssuingKeyPurpose))
            return Error(ApiError::Internal,
                         QStringLiteral("The master key does not open the CA keys in this database; start with the "
                                        "master key file it was created with."));
        return {};
    }

    const auto rootKey = KeyPair::generate(KeyAlgorithm::Sm2);
    const auto issuingKey = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!rootKey)
        return rootKey.error();
    if (!issuingKey)
        return issuingKey.error();
    const QDateTime start = now();
    const auto rootDer = X509Builder::certificate(
        caSpec(name, QStringLiteral(" Root"), rootKey.value(), start, RootYears, caExtensions(true, {})),
        rootKey.value(), {});
    if (!rootDer)
        return rootDer.error();
    const auto issuingDer =
        X509Builder::certificate(caSpec(name, QStringLiteral(" Issuing CA"), issuingKey.value(), start, IssuingYears,
                                        caExtensions(false, crlUrl(code, true))),
                                 rootKey.value(), rootDer.value());
    if (!issuingDer)
        return issuingDer.error();
    const auto rootSealed = sealKey(m_masterKey, rootKey.value(), RootKeyPurpose);
    const auto issuingSealed = sealKey(m_masterKey, issuingKey.value(), IssuingKeyPurpose);
    if (!rootSealed)
        return rootSealed.error();
    if (!issuingSealed)
        return issuingSealed.error();
    const auto inserted =
        m_db.run(QStringLiteral("INSERT INTO ca_institutions (code, name, root_der, root_key_sealed, issuing_der, "
                                "issuing_key_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                 {code, name, toBase64Text(rootDer.value()), rootSealed.value(), toBase64Text(issuingDer.value()),
                  issuingSealed.value(), start.toSecsSinceEpoch()});
    if (!inserted) {
        // Another instance sharing the database may have created it first; then use that one.
        const auto raced = institutionExists(code);
        if (raced && raced.value())
            return ensureInstitution(code, name);
        return inserted;
    }
    qCInfo(lcServer).noquote() << "created CA institution" << code;
    return publishCrl(code);
}

Result<CertificateAuthority::Institution> CertificateAuthority::institution(const QString &code)
{
    auto query =
        m_db.exec(QStringLiteral("SELECT code, name, root_der, root_key_sealed, issuing_der, issuing_key_sealed, "
                                 "crl_number, crl_der FROM ca_institutions WHERE code = ?"),
                  {code});
    if (!query)
        return query.error();
    Rows &q = query.value();
    if (!q.next())
        return caNotFound(code);
    const auto bytes = [&q](int column) { return fromBase64Text(q.value(column).toString()).value_or(QByteArray()); };
    return Institution{q.value(0).toString(), q.value(1).toString(), bytes(2),
                       q.value(3).toString(), bytes(4),              q.value(5).toString(),
                       q.value(6).toLongLong(), bytes(7)};
}

Result<IssuedCertificate> CertificateAuthority::signLeaf(const Institution &ca, const QString &accountId,
                                                         const QString &pairId, const NameEntries &subject,
                                                         const QByteArray &publicKeyDer, bool encryption,
                                                         qint64 validityDays)
{
    const auto issuingKey = openKey(m_masterKey, ca.issuingKeySealed, IssuingKeyPurpose);
    if (!issuingKey)
        return issuingKey.error();
    const QDateTime start = now();
    const CertificateSpec spec{
        subject,
        publicKeyDer,
        X509Builder::randomSerial(),
        start,
        start.addDays(validityDays),
        {{NID_basic_constraints, "critical,CA:FALSE"},
         {NID_key_usage,
          encryption ? "critical,keyEncipherment,dataEncipherment,keyAgreement"
                     : "critical,digitalSignature,nonRepudiation"},
         {NID_subject_key_identifier, "hash"},
         {NID_authority_key_identifier, "keyid:always"},
         {NID_crl_distribution_points, "URI:" + crlUrl(ca.code, false).toUtf8()}},
    };
    const auto der = X509Builder::certificate(spec, issuingKey.value(), ca.issuingDer);
    if (!der)
        return der.error();
    auto parsed = Certificate::parse(der.value());
    if (!parsed)
        return parsed.error();
    IssuedCertificate issued{encryption ? QUuid::createUuid().toString(QUuid::WithoutBraces) : pairId,
                             pairId,
                             ca.code,
                             encryption ? Encryption : Signing,
                             std::move(parsed).value(),
                             std::nullopt,
                             {}};
    const auto inserted = m_db.run(
        QStringLiteral("INSERT INTO certificates (id, account_id, ca_code, pair_id, usage, serial, der, not_after, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {issued.id, accountId, ca.code, pairId, issued.usage, issued.certificate.serialHex, toBase64Text(der.value()),
         issued.certificate.notAfter.toSecsSinceEpoch(), start.toSecsSinceEpoch()});
    if (!inserted)
        return inserted.error();
    return issued;
}

Result<IssuedPair> CertificateAuthority::issue(const QString &accountId, const IssueRequest &request)
{
    const auto identity = m_identities.find(accountId);
    if (!identity)
        return identity.error();
    if (!identity.value())
        return Error(IdentityError::IdentityRequired,
                     QStringLiteral("Verify the account holder's identity before applying for a certificate."));
    auto ca = institution(request.caOrg);
    if (!ca)
        return ca.error();
    if (request.validityDays < MinValidityDays || request.validityDays > MaxValidityDays)
        return Error(
            CertificateError::InvalidValidity,
            QStringLiteral("validityDays must be between %1 and %2.").arg(MinValidityDays).arg(MaxValidityDays));
    const auto csr = Csr::verify(request.csrDer);
    if (!csr)
        return invalidCsr(QStringLiteral("The certificate request is not a validly signed PKCS#10 request."));
    if (!request.algorithm.isEmpty() && request.algorithm != keyAlgorithmName(csr.value().algorithm))
        return invalidCsr(QStringLiteral("The certificate request's key is not %1.").arg(request.algorithm));
    if (request.twoPartyPin && csr.value().algorithm != KeyAlgorithm::Sm2)
        return Error(ApiError::InvalidRequest,
                     QStringLiteral("encryptionKeyCosign is for SM2 keys only: other keys get no encryption key."),
                     {{QStringLiteral("field"), QStringLiteral("encryptionKeyCosign")}});
    if (auto allowed = m_gate.allowIssue(accountId, request.caOrg); !allowed)
        return allowed.error();
    // The access token alone is not the person (a copied session file, an SMS login after a SIM
    // swap): every application proves the person afresh.
    if (!request.proof)
        return ApplicationProof::missing();
    if (auto proven = m_proofs.check(accountId, *identity.value(), *request.proof, request.csrDer); !proven)
        return proven.error();

    // The CSR's subject is ignored: the CA names the verified person, never the bare ID number.
    Identity person = *identity.value();
    // Names recorded before the shared name rule existed are checked again before they are signed.
    person.name = rules::normalizedPersonName(person.name);
    if (rules::checkPersonName(person.name) != rules::PersonNameIssue::None)
        return Error(IdentityError::IdentityRequired,
                     QStringLiteral("The verified name cannot go into a certificate; verify the identity again."));
    const NameEntries subject{
        {QStringLiteral("C"), QStringLiteral("CN")},
        {QStringLiteral("serialNumber"), QString::fromLatin1(person.pseudonym.left(16).toHex().toUpper())},
        {QStringLiteral("CN"), person.name}};
    const QString pairId = QUuid::createUuid().toString(QUuid::WithoutBraces);

    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    if (auto used = m_proofs.consume(accountId, *request.proof); !used)
        return used.error();
    if (auto room = checkActivePairs(person, request.caOrg); !room)
        return room.error();
    auto signing =
        signLeaf(ca.value(), accountId, pairId, subject, csr.value().publicKeyDer, false, request.validityDays);
    if (!signing)
        return signing.error();
    IssuedPair pair{std::move(signing).value(), std::nullopt, {}, {ca.value().issuingDer, ca.value().rootDer}, {}, {}};
    if (csr.value().algorithm == KeyAlgorithm::Sm2) {
        const auto signingKey = PublicKey::fromDer(csr.value().publicKeyDer);
        if (!signingKey)
            return signingKey.error();
        // A two-party signing key remembers whom it is certified for (unlock compares with that).
        const Sm2 sm2;
        if (auto certified = m_cosign.certify(accountId, sm2.pointBytes(sm2.publicPoint(signingKey.value().get()).get()),
                                              person);
            !certified)
            return certified.error();
        const Kmc kmc(m_masterKey);
        const auto kmcKey = kmc.generate(signingKey.value(), request.twoPartyPin.has_value());
        if (!kmcKey)
            return kmcKey.error();
        if (const auto &split = kmcKey.value().split) {
            // Same transaction as the certificates: no share without its certificate, or vice versa.
            auto keyId = m_cosign.adopt(accountId, *split, kmcKey.value().publicPoint,
                                         *request.twoPartyPin);
            if (!keyId)
                return keyId.error();
            pair.encryptionCosignKeyId = keyId.value();
            if (auto certified = m_cosign.certify(accountId, kmcKey.value().publicPoint, person); !certified)
                return certified.error();
            pair.encryptionServerPublicShare = split->serverPublicShare;
        }
        auto encryption =
            signLeaf(ca.value(), accountId, pairId, subject, kmcKey.value().publicKeyDer, true, request.validityDays);
        if (!encryption)
            return encryption.error();
        const auto escrowSealed = kmc.sealEscrow(kmcKey.value(), encryption.value().id);
        if (!escrowSealed)
            return escrowSealed.error();
        const auto escrowed = m_db.run(
            QStringLiteral("INSERT INTO kmc_escrow (certificate_id, key_sealed, sealing, created_at) VALUES (?, ?, ?, ?)"),
            {encryption.value().id, escrowSealed.value(), int(Kmc::Sealing::PerCertificate), Clock::nowSecs()});
        if (!escrowed)
            return escrowed.error();
        pair.encryption = std::move(encryption).value();
        pair.encryptionKeyEnvelope = kmcKey.value().envelope;
    }
    auto committed = tx.commitIf(Result<IssuedPair>(std::move(pair)));
    if (committed) {
        qCInfo(lcServer).noquote() << "issued certificate pair" << pairId << "from" << request.caOrg;
        m_proofs.notifyIssued(accountId, ca.value().name, committed.value().signing.certificate.notBefore);
    }
    return committed;
}

Result<void> CertificateAuthority::checkActivePairs(const Identity &person, const QString &caOrg)
{
    const QString pseudonym = QString::fromLatin1(person.pseudonym.toHex());
    const qint64 now = Clock::nowSecs();
    // Writing the person's row first makes concurrent applications of one person take turns
    // (PostgreSQL holds the row lock to commit; SQLite has one writer), so each count below sees
    // the certificates the others committed, on every server instance.
    if (auto locked = m_db.run(QStringLiteral("INSERT INTO certificate_holders (pseudonym, ca_code, last_issue_at) "
                                              "VALUES (?, ?, ?) ON CONFLICT (pseudonym, ca_code) DO UPDATE SET "
                                              "last_issue_at = excluded.last_issue_at"),
                               {pseudonym, caOrg, now});
        !locked)
        return locked.error();
    const auto active = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM certificates c JOIN identities i ON "
                                                   "i.account_id = c.account_id WHERE i.pseudonym = ? AND c.ca_code = "
                                                   "? AND c.usage = ? AND c.revoked_at IS NULL AND c.not_after > ?"),
                                    {pseudonym, caOrg, Signing, now});
    if (!active)
        return active.error();
    if (active.value().toInt() >= m_limits.activeSigningPairsPerPerson)
        return Error(CertificateError::TooManyActiveCertificates,
                     QStringLiteral("This person already holds %1 valid signing certificates from this CA; revoke "
                                    "one before applying for another.")
                         .arg(m_limits.activeSigningPairsPerPerson),
                     {{QStringLiteral("limit"), m_limits.activeSigningPairsPerPerson}});
    return {};
}

Result<QList<IssuedCertificate>> CertificateAuthority::select(const QString &where, const QVariantList &values)
{
    auto query = m_db.exec(QStringLiteral("SELECT id, pair_id, ca_code, usage, der, revoked_at, revocation_reason "
                                          "FROM certificates WHERE ")
                               + where + QStringLiteral(" ORDER BY created_at DESC, usage DESC"),
                           values);
    if (!query)
        return query.error();
    QList<IssuedCertificate> out;
    Rows &q = query.value();
    while (q.next()) {
        auto certificate = parsed(q.value(4).toString());
        if (!certificate)
            return certificate.error();
        std::optional<QDateTime> revokedAt;
        if (!q.value(5).isNull())
            revokedAt = QDateTime::fromSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                    std::move(certificate).value(), revokedAt, q.value(6).toString()});
    }
    return out;
}

Result<Certificate> CertificateAuthority::parsed(const QString &derBase64)
{
    {
        const QMutexLocker locker(&m_parsedLock);
        if (const Certificate *known = m_parsed.object(derBase64))
            return *known;
    }
    // Parsed outside the lock; two threads parsing the same certificate store equal values.
    auto certificate = Certificate::parse(fromBase64Text(derBase64).value_or(QByteArray()));
    if (certificate) {
        const QMutexLocker locker(&m_parsedLock);
        m_parsed.insert(derBase64, new Certificate(certificate.value()));
    }
    return certificate;
}

Result<QList<IssuedCertificate>> CertificateAuthority::list(const QString &accountId)
{
    return select(QStringLiteral("account_id = ?"), {accountId});
}

Result<IssuedCertificate> CertificateAuthority::find(const QString &accountId, const QString &id)
{
    const auto found = select(QStringLiteral("account_id = ? AND id = ?"), {accountId, id});
    if (!found)
        return found.error();
    if (found.value().isEmpty())
        return certificateNotFound();
    return found.value().first();
}

Result<QList<IssuedCertificate>> CertificateAuthority::pairBySigningSerial(const QString &accountId,
                                                                          const QString &serialHex)
{
    const auto found = select(QStringLiteral("account_id = ? AND pair_id IN (SELECT pair_id FROM certificates "
                                             "WHERE account_id = ? AND serial = ? AND usage = ?)"),
                              {accountId, accountId, serialHex.toUpper(), Signing});
    if (!found)
        return found.error();
    if (found.value().isEmpty())
        return certificateNotFound();
    return found; // ordered by usage DESC: signing before encryption
}

Result<QList<IssuedCertificate>> CertificateAuthority::revoke(const QString &accountId, const QString &id,
                                                              const QString &reason)
{
    const auto code = std::find_if(reasonCodes().begin(), reasonCodes().end(),
                                   [&](const auto &entry) { return entry.first == reason; });
    if (code == reasonCodes().end())
        return Error(ApiError::InvalidRequest,
                     QStringLiteral("reason must be one of: %1.").arg(revocationReasons().join(QStringLiteral(", "))),
                     {{QStringLiteral("field"), QStringLiteral("reason")}});
    const auto certificate = find(accountId, id);
    if (!certificate)
        return certificate.error();
    if (certificate.value().revokedAt)
        return Error(CertificateError::AlreadyRevoked, QStringLiteral("This certificate is already revoked."));

    Transaction tx(m_db);
    if (!tx.isActive())
        return databaseError();
    const auto revoked = m_db.run(QStringLiteral("UPDATE certificates SET revoked_at = ?, revocation_reason = ? "
                                                 "WHERE pair_id = ? AND revoked_at IS NULL"),
                                  {Clock::nowSecs(), reason, certificate.value().pairId});
    if (!revoked)
        return revoked.error();
    if (auto published = publishCrl(certificate.value().caOrg); !published)
        return published.error();
    if (auto committed = tx.commit(); !committed)
        return committed.error();
    qCInfo(lcServer).noquote() << "revoked certificate pair" << certificate.value().pairId;
    return select(QStringLiteral("account_id = ? AND pair_id = ?"), {accountId, certificate.value().pairId});
}

Result<void> CertificateAuthority::publishCrl(const QString &caOrg)
{
    const auto ca = institution(caOrg);
    if (!ca)
        return ca.error();
    auto query = m_db.exec(QStringLiteral("SELECT serial, revoked_at, revocation_reason FROM certificates "
                                          "WHERE ca_code = ? AND revoked_at IS NOT NULL ORDER BY revoked_at"),
                           {caOrg});
    if (!query)
        return query.error();
    QList<RevokedEntry> entries;
    while (query.value().next()) {
        const Rows &q = query.value();
        const QString reason = q.value(2).toString();
        int reasonCode = 0;
        for (const auto &[name, value] : reasonCodes()) {
            if (name == reason)
                reasonCode = value;
        }
        entries.append({QByteArray::fromHex(q.value(0).toString().toLatin1()),
                        QDateTime::fromSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC), reasonCode});
    }
    const auto issuingKey = openKey(m_masterKey, ca.value().issuingKeySealed, IssuingKeyPurpose);
    if (!issuingKey)
        return issuingKey.error();
    const qint64 number = ca.value().crlNumber + 1;
    const QDateTime start = now();
    const auto crl = X509Builder::crl(ca.value().issuingDer, issuingKey.value(), number, start,
                                      start.addDays(CrlLifetimeDays), entries);
    if (!crl)
        return crl.error();
    return m_db.run(QStringLiteral("UPDATE ca_institutions SET crl_number = ?, crl_der = ? WHERE code = ?"),
                    {number, toBase64Text(crl.value()), caOrg});
}

Result<QByteArray> CertificateAuthority::crl(const QString &caOrg)
{
    auto ca = institution(caOrg);
    if (!ca)
        return ca.error();
    // Republish a CRL that is about to pass its nextUpdate, so relying parties never see a stale one.
    const QByteArray &der = ca.value().crlDer;
    const auto *p = ossl::in(der);
    std::unique_ptr<X509_CRL, ossl::Deleter<X509_CRL_free>> current(d2i_X509_CRL(nullptr, &p, long(der.size())));
    const auto soon = time_t(now().addDays(1).toSecsSinceEpoch());
    if (!current || ASN1_TIME_cmp_time_t(X509_CRL_get0_nextUpdate(current.get()), soon) < 0) {
        if (auto published = publishCrl(caOrg); !published)
            return published.error();
        ca = institution(caOrg);
        if (!ca)
            return ca.error();
    }
    return ca.value().crlDer;
}

Result<QByteArray> CertificateAuthority::rootCrl(const QString &caOrg)
{
    const auto ca = institution(caOrg);
    if (!ca)
        return ca.error();
    const auto rootKey = openKey(m_masterKey, ca.value().rootKeySealed, RootKeyPurpose);
    if (!rootKey)
        return rootKey.error();
    // Issuing CAs are never revoked here, so the root CRL is always empty; its number is the
    // issue time, which only grows.
    const QDateTime start = now();
    return X509Builder::crl(ca.value().rootDer, rootKey.value(), start.toSecsSinceEpoch(), start,
                            start.addDays(RootCrlLifetimeDays), {});
}

Result<QList<QByteArray>> CertificateAuthority::chain(const QString &caOrg)
{
    const auto ca = institution(caOrg);
    if (!ca)
        return ca.error();
    return QList<QByteArray>{ca.value().issuingDer, ca.value().rootDer};
}

} // namespace tq::server
