#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli sign --key ID --cert CERT --in FILE [--raw OUT] [--detached-cms OUT]`: signs
/// FILE with a key in custody (PIN read as for `key create`). --raw writes the bare DER signature
/// (SM2-with-SM3 and the default ID, ECDSA-SHA256 or RSA PKCS#1 v1.5 SHA-256); --detached-cms
/// writes a detached SignedData (GM/T 0010 for SM2, CMS otherwise) carrying CERT, which must be
/// the key's certificate. Exit codes as for `key`.
int runSign(const QStringList &arguments);

} // namespace tq::cli
