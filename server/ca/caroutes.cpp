#include "server/ca/caroutes.h"

#include "core/protocol/routes.h"
#include "server/accounts/accountroutes.h"
#include "server/ca/certificateauthority.h"
#include "server/http/apirouter.h"
#include "core/common/apierrors.h"

#include <QJsonArray>

namespace tq::server {

namespace {

QJsonArray base64Array(const QList<QByteArray> &items)
{
    QJsonArray out;
    for (const QByteArray &item : items)
        out.append(QString::fromLatin1(item.toBase64()));
    return out;
}

QJsonArray certificateArray(const QList<IssuedCertificate> &certificates)
{
    QJsonArray out;
    for (const IssuedCertificate &certificate : certificates)
        out.append(certificate.toJson());
    return out;
}

QHttpServerResponse pairResponse(const IssuedPair &pair)
{
    QJsonObject body{{QStringLiteral("certificate"), pair.signing.toJson()},
                     {QStringLiteral("chain"), base64Array(pair.chain)}};
    if (pair.encryption) {
        body.insert(QStringLiteral("encryptionCertificate"), pair.encryption->toJson());
        body.insert(QStringLiteral("encryptionKeyEnvelope"),
                    QString::fromLatin1(pair.encryptionKeyEnvelope.toBase64()));
        if (!pair.encryptionCosignKeyId.isEmpty())
            body.insert(QStringLiteral("encryptionKeyCosign"),
                        QJsonObject{{QStringLiteral("keyId"), pair.encryptionCosignKeyId},
                                    {QStringLiteral("publicShare"),
                                     QString::fromLatin1(pair.encryptionServerPublicShare.toBase64())}});
    }
    return jsonResponse(body, HttpStatus::Created);
}

Result<IssueRequest> issueRequest(const JsonBody &body)
{
    const auto csr = body.string(QStringLiteral("csr"));
    if (!csr)
        return csr.error();
    const auto caOrg = body.optionalString(QStringLiteral("caOrg"), QLatin1String(CertificateAuthority::SandboxCode));
    if (!caOrg)
        return caOrg.error();
    const auto algorithm = body.optionalString(QStringLiteral("algorithm"));
    if (!algorithm)
        return algorithm.error();
    IssueRequest request{QByteArray::fromBase64(csr.value().toLatin1()), caOrg.value(), 365, algorithm.value(), {}, {}};
    if (body.has(QStringLiteral("validityDays"))) {
        const auto days = body.integer(QStringLiteral("validityDays"));
        if (!days)
            return days.error();
        request.validityDays = days.value();
    }
    if (body.has(QStringLiteral("encryptionKeyCosign"))) {
        const QJsonValue pin = body.object().value(QStringLiteral("encryptionKeyCosign"));
        if (!pin.isObject())
            return Error(ApiError::InvalidRequest,
                         QStringLiteral("The field \"encryptionKeyCosign\" must be an object."),
                         {{QStringLiteral("field"), QStringLiteral("encryptionKeyCosign")}});
        request.twoPartyPin = pin.toObject();
    }
    if (body.has(QStringLiteral("proof"))) {
        auto proof = ApplicationProof::fromJson(body.object().value(QStringLiteral("proof")));
        if (!proof)
            return proof.error();
        request.proof = std::move(proof).value();
    }
    return request;
}

QHttpServerResponse crlResponse(const Result<QByteArray> &crl)
{
    return crl ? QHttpServerResponse(QByteArrayLiteral("application/pkix-crl"), crl.value())
               : errorResponse(crl.error());
}

} // namespace

void addCaRoutes(ApiRouter &router, AccountService &accounts, CertificateAuthority &ca, ApplicationProofs &proofs)
{
    router.post(routes::serverRoute(routes::CertificateChallenges),
                [&accounts, &proofs](const JsonBody &, const QHttpServerRequest &request) {
                    const auto accountId = authenticate(accounts, request);
                    if (!accountId)
                        return errorResponse(accountId.error());
                    const auto issued = proofs.challenge(accountId.value());
                    if (!issued)
                        return errorResponse(issued.error());
                    return jsonResponse(
                        {{QStringLiteral("challenge"), QString::fromLatin1(issued.value().challenge.toBase64())},
                         {QStringLiteral("expiresAt"), issued.value().expiresAt.toString(Qt::ISODate)}},
                        HttpStatus::Created);
                });

    router.post(routes::serverRoute(routes::Certificates),
                [&accounts, &ca](const JsonBody &body, const QHttpServerRequest &request) {
                    const auto accountId = authenticate(accounts, request);
                    if (!accountId)
                        return errorResponse(accountId.error());
                    const auto issue = issueRequest(body);
                    if (!issue)
                        return errorResponse(issue.error());
                    const auto pair = ca.issue(accountId.value(), issue.value());
                    return pair ? pairResponse(pair.value()) : errorResponse(pair.error());
                });

    router.get(routes::serverRoute(routes::Certificates), [&accounts, &ca](const QHttpServerRequest &request) {
        const auto accountId = authenticate(accounts, request);
        if (!accountId)
            return errorResponse(accountId.error());
        const auto list = ca.list(accountId.value());
        if (!list)
            return errorResponse(list.error());
        return jsonResponse({{QStringLiteral("certificates"), certificateArray(list.value())}});
    });

    router.getWithArg(routes::serverRoute(routes::Certificate),
                      [&accounts, &ca](const QString &id, const QHttpServerRequest &request) {
                          const auto accountId = authenticate(accounts, request);
                          if (!accountId)
                              return errorResponse(accountId.error());
                          const auto found = ca.find(accountId.value(), id);
                          if (!found)
                              return errorResponse(found.error());
                          return jsonResponse({{QStringLiteral("certificate"), found.value().toJson()}});
                      });

    router.postWithArg(routes::serverRoute(routes::CertificateRevocation),
                       [&accounts, &ca](const QString &id, const JsonBody &body, const QHttpServerRequest &request) {
                           const auto accountId = authenticate(accounts, request);
                           if (!accountId)
                               return errorResponse(accountId.error());
                           const auto reason =
                               body.optionalString(QStringLiteral("reason"), QStringLiteral("unspecified"));
                           if (!reason)
                               return errorResponse(reason.error());
                           const auto revoked = ca.revoke(accountId.value(), id, reason.value());
                           if (!revoked)
                               return errorResponse(revoked.error());
                           return jsonResponse({{QStringLiteral("certificates"), certificateArray(revoked.value())}});
                       });

    router.getWithArg(routes::serverRoute(routes::CaCrl),
                      [&ca](const QString &caOrg, const QHttpServerRequest &) { return crlResponse(ca.crl(caOrg)); });
    router.getWithArg(
        routes::serverRoute(routes::CaRootCrl),
        [&ca](const QString &caOrg, const QHttpServerRequest &) { return crlResponse(ca.rootCrl(caOrg)); });

    router.getWithArg(
        routes::serverRoute(routes::CaChain), [&ca](const QString &caOrg, const QHttpServerRequest &) {
            const auto chain = ca.chain(caOrg);
            if (!chain)
                return errorResponse(chain.error());
            return jsonResponse({{QStringLiteral("caOrg"), caOrg},
                                 {QStringLiteral("issuing"), QString::fromLatin1(chain.value().at(0).toBase64())},
                                 {QStringLiteral("root"), QString::fromLatin1(chain.value().at(1).toBase64())}});
        });
}

} // namespace tq::server
