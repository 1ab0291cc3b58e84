#pragma once

#include "core/common/error.h"

namespace tq {

/// Scan transactions: a person's answer to a scanned request. The server's scan service sends
/// the first seven; the device's transaction service makes the last three before anything is sent.
namespace TransactionError {
inline constexpr char TransactionNotFound[] = "transaction_not_found";
/// The QR code was scanned before.
inline constexpr char TicketUsed[] = "ticket_used";
inline constexpr char TicketExpired[] = "ticket_expired";
/// Already completed, rejected or answered.
inline constexpr char TransactionClosed[] = "transaction_closed";
/// details.reason: unknown, revoked, expired.
inline constexpr char CertificateUnusable[] = "certificate_unusable";
/// The binding signature does not cover this transaction.
inline constexpr char BindingMismatch[] = "binding_mismatch";
/// details.key: an item's signature does not verify.
inline constexpr char InvalidSignature[] = "invalid_signature";
/// The code names another server than this account's.
inline constexpr char WrongServer[] = "wrong_server";
/// A downloaded document differs from the declared one.
inline constexpr char DocumentMismatch[] = "document_mismatch";
/// No installed certificate can answer.
inline constexpr char NoUsableCertificate[] = "no_usable_certificate";
} // namespace TransactionError

/// The sentences for TransactionError codes. Thread-safe.
const ErrorDomain &transactionErrors();

} // namespace tq
