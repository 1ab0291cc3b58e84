#pragma once

#include "core/crypto/x509.h"
#include "core/protocol/scancontent.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace tq::demo {

/// What the demo platform asks for in one transaction; decides the page and the steps after
/// verification.
enum class TransactionKind { Login, Sign, Seal, MessageSign, Encrypt, BidSubmission, BidOpening };

/// One transaction as the demo platform tracks it, from creation to its verified result. Kept
/// in memory on the platform's thread; shared between the routes that show it and the result
/// check that completes it.
struct TransactionRecord {
    QString ref; ///< ours, known before the server answers
    TransactionKind kind = TransactionKind::Login;
    ScanContent content;
    QString bidId;
    QString what; ///< one line on what is asked
    QString tId, qrContent, pollToken;
    QDateTime expiresAt;
    QString status = QStringLiteral("creating");
    QString reason;
    QJsonObject result;
    QString accessToken; ///< login via callback 02: one-time, exchanged after verification
    bool tokenUsed = false;
    bool resultSeen = false;
    bool polling = false;
    QStringList checks;
    QString subject, certSn, caOrgType, encCertSn;
    QString hashMatch; ///< bid opening: "true" / "false"
    QString originalHash, recoveredHash;
};

/// A submitted bid: its file until it is sealed to the bidder's encryption certificate, then
/// only the ciphertext and the envelope that the bid opening asks the bidder to open.
struct BidRecord {
    QString id;
    QString fileName;
    QByteArray plaintext; ///< until sealed, then wiped
    QByteArray sm3;
    QByteArray iv, ciphertext;
    std::optional<ScanEnvelope> envelope;
    std::optional<Certificate> signer;
};

} // namespace tq::demo
