#pragma once

#include "core/common/error.h"
#include "core/crypto/digest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace tq {

/// The scan actions of docs/qr-protocol.md §5, with their wire names ("login", "withdraw_seal"…).
enum class ScanAction { Login, Bind, Sign, Seal, WithdrawSeal, Encrypt, Decrypt, MessageSign };
QString scanActionName(ScanAction action);
std::optional<ScanAction> scanActionFromName(QStringView name);

/// "sm3" / "sha256" on the wire.
QString digestAlgorithmWireName(DigestAlgorithm algorithm);
std::optional<DigestAlgorithm> digestAlgorithmFromWireName(QStringView name);

/// A precomputed digest the platform asks to have signed.
struct ScanHash {
    QString key;
    DigestAlgorithm algorithm = DigestAlgorithm::Sm3;
    QByteArray value; ///< 32 bytes
};

/// A document to sign or seal, described by its digest; the device fetches `url` (if any) and
/// checks size and digest before signing.
struct ScanDocument {
    QString key;
    QString name;
    qint64 size = 0;
    DigestAlgorithm digestAlgorithm = DigestAlgorithm::Sm3;
    QByteArray digest; ///< 32 bytes
    QUrl url;          ///< empty if the platform gives none
};

/// A digital envelope (encryptInfoList entry): a session key SM2-encrypted to an encryption certificate.
struct ScanEnvelope {
    QString key;
    QString caOrgType;
    QString encCertSn;
    QByteArray encryptStr; ///< GM/T 0009 SM2 ciphertext DER
};

/// One thing the device signs as a detached SignedData: either `content` bytes or a
/// precomputed `digest` of `digestAlgorithm`.
struct ScanItem {
    QString key;
    QByteArray content;
    std::optional<DigestAlgorithm> digestAlgorithm; ///< set for digests
    QByteArray digest;
};

/// What a platform asks for in one transaction (docs/qr-protocol.md §5): the action and the
/// content fields that action allows. fromJson() is the one validator used by the server for
/// platform requests and by the app for the transaction view, so both accept the same inputs.
/// Plain copyable value; thread-safe.
struct ScanContent {
    static constexpr qsizetype MaxDataBytes = 32 * 1024;
    static constexpr qsizetype MaxMessageLength = 2000;
    static constexpr qsizetype MaxSignOriValBytes = 1024;
    static constexpr qsizetype MaxHashes = 100;
    static constexpr qsizetype MaxDocuments = 20;
    static constexpr qsizetype MaxEnvelopes = 50;
    static constexpr qsizetype MaxNameLength = 200;
    static constexpr qsizetype MaxEnvelopeBytes = 1024;
    /// A document URL's length in its one stored and sent form, fully percent-encoded (ASCII;
    /// a Chinese character counts 9): the 8,000 octets RFC 9110 asks every HTTP party to handle.
    static constexpr qsizetype MaxUrlLength = 8000;

    ScanAction action = ScanAction::Login;
    QByteArray data;       ///< sign with data
    QString message;       ///< message_sign
    QString certSn;        ///< withdraw_seal: the certificate that sealed
    QByteArray signOriVal; ///< withdraw_seal
    QList<ScanHash> hashes;
    QList<ScanDocument> documents;
    QList<ScanEnvelope> envelopes; ///< decrypt: encryptInfoList

    /// Reads `action` and the content fields with the national names (data, message, certSn,
    /// signOriVal, hashes, documents, encryptInfoList). Fails with `invalid_request` and
    /// details.field for an unknown action, a field the action does not allow, a missing one,
    /// a bad type, size, encoding, count or duplicate key.
    static Result<ScanContent> fromJson(const QJsonObject &json);
    /// The inverse of fromJson(): `action` and the fields present.
    QJsonObject toJson() const;
    /// The items the device signs with SignedData, in order (empty for login, bind, encrypt, decrypt).
    QList<ScanItem> signItems() const;
};

/// 1–64 characters of [A-Za-z0-9._-].
bool isScanItemKey(QStringView key);
/// 1–64 hex digits (certificate serials, as both upper and lower case occur nationally).
bool isSerialHex(QStringView serial);
/// isSerialHex() in upper case only: the one form of `certSn` and `encCertSn` in a transaction's
/// content (docs/qr-protocol.md §2), as the CA publishes serials (Certificate::serialHex).
bool isCanonicalSerial(QStringView serial);

} // namespace tq
