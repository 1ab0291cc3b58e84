#pragma once

#include <QByteArray>

namespace tq::applicationproof {

/// How a certificate application proves, at the time it is made, that the person applies
/// (issue 15; docs/server.md "Fresh proof for every application"). The request's `proof` object
/// has `method` set to one of these.
/// "identity": the name and ID number again, plus the face-liveness provider's evidence.
inline constexpr char MethodIdentity[] = "identity";
/// "certificate": a signature by an existing valid signing certificate of the same person over
/// signedStatement(), plus the SMS code sent with the challenge.
inline constexpr char MethodCertificate[] = "certificate";

/// The bytes the existing certificate's key signs (as KeyCustody::sign signs any data): a fixed
/// label, the server's single-use challenge and the new request's DER, so a signature counts
/// for this one request and no other. Pure function; thread-safe.
QByteArray signedStatement(const QByteArray &challenge, const QByteArray &csrDer);

} // namespace tq::applicationproof
