#pragma once

#include "core/common/error.h"
#include "core/protocol/scancontent.h"

#include <QByteArray>
#include <QString>

namespace tq {

/// The statement a device signs for every scan result (docs/qr-protocol.md §7), binding the
/// signature to the platform, the transaction, its challenge, the action, the chosen
/// certificate and every digest of the content. The platform and the server rebuild it from
/// what they stored and verify the device's signature over exactly these bytes.
/// Plain copyable value; thread-safe.
struct Binding {
    static constexpr char Version[] = "tongqian-binding/1";

    ScanContent content;
    QString platformCode;
    QString tId;
    QString challenge; ///< base64url, as the server sent it
    QString certSn;    ///< the signing certificate's serial (upper-case hex)
    QByteArray recipientKeyDer; ///< decrypt: the platform's encryption public key (SPKI DER)

    /// The canonical UTF-8 statement. Fails with `invalid_request` if a field cannot appear in
    /// it (bad platform code, tId, challenge or serial; decrypt without a recipient key).
    Result<QByteArray> statement() const;
};

/// A well-formed tId: the platform code followed by 32 lower-case hex digits.
bool isTransactionId(QStringView tId);

} // namespace tq
