#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli verify-result --request FILE --tid TID --result FILE --chain FILE --crl FILE
/// [--pin-root SHA256] [--platform-key FILE] [--signer CERT] [--at TIME]`: a relying party's check of one scan result
/// (a callback body, a poll answer or its `data`/`result` object) against its own copy of the
/// transaction request, with tq::verifyResult() (docs/qr-protocol.md §12). Prints each passed
/// check and "Verdict: VALID" (exit 0), or the failed check's code, details and message and
/// "Verdict: INVALID" (exit 1); 2 on a usage error. No network: the CA chain and CRL are files.
int runVerifyResult(const QStringList &arguments);

} // namespace tq::cli
