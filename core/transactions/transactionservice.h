#pragma once

#include "core/account/accountsession.h"
#include "core/certificates/certificateservice.h"
#include "core/common/job.h"
#include "core/keys/keycustody.h"
#include "core/protocol/scancontent.h"

#include <QDateTime>
#include <QObject>

namespace tq {

/// A transaction as the server shows it to the device after the ticket was claimed
/// (docs/qr-protocol.md §6.1). Plain copyable value.
struct ScanTransaction {
    QString tId;
    ScanContent content;
    QString platformCode;
    QString platformName;
    QByteArray platformEncryptionKey; ///< SPKI DER; decrypt only
    QString challenge;
    QDateTime expiresAt;
    QDateTime resultDeadline;

    /// Validates the server's view with the same rules the server applies to platforms; fails
    /// with `bad_response`.
    static Result<ScanTransaction> fromJson(const QJsonObject &view);
};

/// One line of the scan report (H12).
struct ScanReport {
    QString tId;
    QString action; ///< wire name, e.g. "sign"
    QString status; ///< pending, scanned, completed, rejected, expired
    QString platformCode;
    QString platformName;
    QString certSn;
    QDateTime createdAt;
    QDateTime completedAt;
    QString reason; ///< why the user rejected it, if they did

    static ScanReport fromJson(const QJsonObject &o);
};

/// The device side of a scan: from the text of a scanned QR code to the result
/// the platform receives. open() checks the code, claims it on this account's server and
/// checks downloadable documents against their declared size and digest; approve() signs and
/// decrypts in key custody under the user's PIN and sends the result; reject() is "this wasn't
/// me". Private keys and session keys never leave custody and this object: decrypted session
/// keys are re-encrypted to the platform's key at once and wiped.
///
/// Returned jobs are started (see tq::Job); cancel() stops the step in flight (custody work or
/// a network call) and nothing further is sent. Calls go through AccountSession::client().
/// GUI thread; the session, custody and certificate service must outlive it.
class TransactionService : public QObject {
    Q_OBJECT
public:
    TransactionService(AccountSession *session, KeyCustody *custody, CertificateService *certificates,
                       QObject *parent = nullptr);

    /// Started; on success result() is the claimed transaction. Errors: `invalid_qr`,
    /// `wrong_server`, the server's claim errors, `document_mismatch`, `network`.
    ComposedValueJob<ScanTransaction> *open(const QString &qrText);
    /// The installed certificates that can answer `transaction`: valid signing certificates
    /// with their key on this device, whose algorithm fits every digest asked for, and for
    /// decrypt whose paired encryption certificate is the one every envelope names.
    QList<CertificateRecord> eligibleCertificates(const ScanTransaction &transaction) const;
    /// Signs (and decrypts) with the certificate `certificateId` under `pin` and sends the
    /// result. Started; emits progress().
    Job *approve(const ScanTransaction &transaction, const QString &certificateId, const SecureBytes &pin);
    /// Cancels the transaction on the server and reports it ("this wasn't me"). Started.
    Job *reject(const ScanTransaction &transaction, const QString &reason);
    /// The account's scan reports, newest first; `search` filters by platform, action, tId or
    /// certificate serial. Started.
    ComposedValueJob<QList<ScanReport>> *reports(const QString &search = {});

    static constexpr int ApproveSteps = 3;

Q_SIGNALS:
    /// `step` of `steps` is starting; `what` is a translated sentence for a progress bar.
    void progress(int step, int steps, const QString &what);

private:
    void checkDocuments(ComposedValueJob<ScanTransaction> *job, const ScanTransaction &transaction, int index);
    /// Posts `body` to `path` with the account token; `owner` finishes or fails with it.
    void post(ComposedJob *owner, const QString &path, const QJsonObject &body);

    AccountSession *m_session;
    KeyCustody *m_custody;
    CertificateService *m_certificates;
};

} // namespace tq
