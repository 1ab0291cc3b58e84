#pragma once

#include "core/keys/keycustody.h"

#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

/// Pieces shared by the key custodies' file handling (not an API for other code).
namespace tq::keyfiles {

/// `key_corrupted`: a stored key failed its format or integrity checks.
Error corrupted();
/// `not_found`: no key with this id.
Error notFound();
/// `invalid_request`: a key of a kind this custody does not keep.
Error otherCustody();
/// `bad_response`: a delivered key is not the one its certificate certifies.
Error notCertified();
/// A copy of a secret for a job's closure to own (wiped when the last job lets go).
std::shared_ptr<const SecureBytes> sharedCopy(const SecureBytes &secret);
/// The KeyInfo of every `*<suffix>` file in `directory` that `load(id)` accepts, oldest first;
/// unreadable files are logged and skipped.
QList<KeyInfo> list(const QString &directory, const QString &suffix,
                    const std::function<Result<KeyInfo>(const QString &id)> &load);

} // namespace tq::keyfiles
