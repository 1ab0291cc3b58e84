#pragma once

#include "formviewmodel.h"
#include "pinentry.h"

#include "core/keys/pinmemory.h"
#include "core/transactions/transactionservice.h"

#include <QVariantList>

namespace tq {

/// The action in large words for people: "Log in", "Sign", "Decrypt"… (translated).
QString scanActionTitle(ScanAction action);

/// What happens after a QR code is read: the code is opened on the server, the
/// confirmation says in large words what will be done, for which platform, with what content;
/// the user picks a certificate, enters the PIN and sees progress and the result — or says
/// "this wasn't me". All decisions are here; the pages only bind. GUI thread only.
class ScanFlowViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(QString actionTitle READ actionTitle NOTIFY transactionChanged)
    Q_PROPERTY(QString actionSummary READ actionSummary NOTIFY transactionChanged)
    Q_PROPERTY(QString platformName READ platformName NOTIFY transactionChanged)
    Q_PROPERTY(QString platformCode READ platformCode NOTIFY transactionChanged)
    Q_PROPERTY(QString transactionId READ transactionId NOTIFY transactionChanged)
    Q_PROPERTY(QString expiresText READ expiresText NOTIFY transactionChanged)
    Q_PROPERTY(QVariantList items READ items NOTIFY transactionChanged)
    Q_PROPERTY(QVariantList certificates READ certificates NOTIFY transactionChanged)
    Q_PROPERTY(int certificateIndex READ certificateIndex WRITE setCertificateIndex NOTIFY changed)
    Q_PROPERTY(QString pinError READ pinError NOTIFY changed)
    Q_PROPERTY(bool pinRemembered READ pinRemembered NOTIFY changed)
    Q_PROPERTY(QString rememberedPinText READ rememberedPinText NOTIFY changed)
    Q_PROPERTY(int progressStep READ progressStep NOTIFY changed)
    Q_PROPERTY(int progressSteps READ progressSteps CONSTANT)
    Q_PROPERTY(QString progressText READ progressText NOTIFY changed)
    Q_PROPERTY(QString resultText READ resultText NOTIFY changed)
    Q_PROPERTY(QString lockedPairId READ lockedPairId NOTIFY changed)
public:
    enum class State {
        Scanning,   ///< the scanner is shown
        Opening,    ///< the code is being checked with the server
        Confirm,    ///< waiting for the user's decision
        Working,    ///< signing / decrypting / sending
        Done,       ///< completed or rejected; resultText says which
        Failed      ///< the code could not be used; errorMessage says why and what to do
    };
    Q_ENUM(State)

    /// `pins`: remember-PIN (may be off); the PIN of the chosen certificate's pair is used from
    /// there when none is typed, and a PIN that worked is kept there.
    ScanFlowViewModel(TransactionService *transactions, PinMemory *pins, QObject *parent);

    State state() const { return m_state; }
    QString actionTitle() const;
    QString actionSummary() const;
    QString platformName() const { return m_transaction ? m_transaction->platformName : QString(); }
    QString platformCode() const { return m_transaction ? m_transaction->platformCode : QString(); }
    QString transactionId() const { return m_transaction ? m_transaction->tId : QString(); }
    QString expiresText() const;
    /// What will be signed or opened: [{title, detail}] (document names and sizes, digests,
    /// data sizes, the message itself, envelopes).
    QVariantList items() const;
    /// The certificates that can answer: [{id, label}].
    QVariantList certificates() const;
    int certificateIndex() const { return m_certificateIndex; }
    void setCertificateIndex(int index);
    QString pinError() const;
    /// A PIN is remembered for the chosen certificate, so none needs typing.
    bool pinRemembered() const;
    /// "PIN remembered until 14:35", or empty.
    QString rememberedPinText() const;
    int progressStep() const { return m_progressStep; }
    int progressSteps() const { return TransactionService::ApproveSteps; }
    QString progressText() const { return m_progressText; }
    QString resultText() const { return m_resultText; }
    /// The pair whose keys refused the last approval as locked (`pin_locked`), else empty: its
    /// detail page offers the unlock.
    QString lockedPairId() const { return m_lockedPairId; }
    bool canSubmit() const override;

    /// A code was read by the scanner: open it (ignored unless the scanner is showing).
    Q_INVOKABLE void handleScan(const QString &text);
    /// Takes the PIN typed so far over (the text is wiped).
    Q_INVOKABLE void setPin(const QString &pin);
    /// Approves with the chosen certificate and the PIN.
    Q_INVOKABLE void submit() override;
    /// "This wasn't me": cancels the request on the server and reports it.
    Q_INVOKABLE void rejectRequest();
    /// Forgets the remembered PIN of the chosen certificate (the PIN must be typed again).
    Q_INVOKABLE void forgetRememberedPin();
    /// Back to the scanner, forgetting the transaction and the PIN; work still in flight is
    /// cancelled, so its late result changes nothing.
    Q_INVOKABLE void reset() override;

Q_SIGNALS:
    /// A transaction was opened or forgotten (what the confirmation shows changed).
    void transactionChanged();

private:
    void setState(State state);
    QString chosenPairId() const;

    TransactionService *m_transactions;
    PinMemory *m_pins;
    State m_state = State::Scanning;
    std::optional<ScanTransaction> m_transaction;
    QList<CertificateRecord> m_eligible;
    int m_certificateIndex = 0;
    PinEntry m_pin;
    int m_progressStep = 0;
    QString m_progressText;
    QString m_resultText;
    QString m_lockedPairId;
};

} // namespace tq
