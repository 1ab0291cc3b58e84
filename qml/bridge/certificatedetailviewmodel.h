#pragma once

#include "formviewmodel.h"
#include "pinentry.h"
#include "unlockpinviewmodel.h"

#include "core/certificates/certificateservice.h"
#include "core/keys/pinmemory.h"

namespace tq {

/// Changing the PIN of one certificate pair: old PIN, new PIN twice. The keys are
/// re-wrapped in custody, never regenerated; a wrong old PIN changes nothing.
class ChangePinViewModel : public NewPinFormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by CertificateDetailViewModel")
    Q_PROPERTY(QString oldPinError READ oldPinError NOTIFY changed)
public:
    using NewPinFormViewModel::NewPinFormViewModel;

    Q_INVOKABLE void setOldPin(const QString &pin);
    QString oldPinError() const;
    /// Also refuses a new PIN equal to the current one.
    QString newPinError() const override;
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

Q_SIGNALS:
    /// The current PIN was tried against the keys, rightly or wrongly (the retry count changed).
    void pinTried();

private:
    PinEntry m_old;
};

/// One installed certificate pair: both certificates with their facts
/// (see certificateFacts()), where the keys are kept and, for two-party keys, the PIN retry
/// state as the server counts it (fetched on open() and after every PIN attempt here), and the
/// actions on them, unlocking with real-name verification among them. The form part is the
/// export: which certificate, the file format and the path (a default under Documents, shown and
/// editable).
/// Revoking asks the server to revoke both certificates of the pair. GUI thread only.
class CertificateDetailViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(QString pairId READ pairId NOTIFY changed)
    Q_PROPERTY(QVariantList certificates READ certificates NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusText READ statusText NOTIFY changed)
    Q_PROPERTY(bool canRevoke READ canRevoke NOTIFY changed)
    Q_PROPERTY(bool canChangePin READ canChangePin NOTIFY changed)
    Q_PROPERTY(QStringList exportChoices READ exportChoices NOTIFY changed)
    Q_PROPERTY(int exportIndex READ exportIndex WRITE setExportIndex NOTIFY changed)
    Q_PROPERTY(QStringList exportFormats READ exportFormats CONSTANT)
    Q_PROPERTY(int exportFormatIndex READ exportFormatIndex WRITE setExportFormatIndex NOTIFY changed)
    Q_PROPERTY(QString exportPath READ exportPath WRITE setExportPath NOTIFY changed)
    Q_PROPERTY(QStringList revokeReasons READ revokeReasons CONSTANT)
    Q_PROPERTY(int revokeReasonIndex READ revokeReasonIndex WRITE setRevokeReasonIndex NOTIFY changed)
    Q_PROPERTY(tq::ChangePinViewModel *changePin READ changePin CONSTANT)
    Q_PROPERTY(bool twoParty READ twoParty NOTIFY changed)
    Q_PROPERTY(QString custodyText READ custodyText NOTIFY changed)
    Q_PROPERTY(int pinAttemptsLeft READ pinAttemptsLeft NOTIFY changed)
    Q_PROPERTY(bool pinLocked READ pinLocked NOTIFY changed)
    Q_PROPERTY(QString pinStatusText READ pinStatusText NOTIFY changed)
    Q_PROPERTY(bool canUnlock READ canUnlock NOTIFY changed)
    Q_PROPERTY(tq::UnlockPinViewModel *unlockPin READ unlockPin CONSTANT)
public:
    /// A remembered PIN of the pair is forgotten when its PIN changes or is reset, or the pair is
    /// revoked.
    CertificateDetailViewModel(CertificateService *service, PinMemory *pins, QObject *parent);

    /// Shows the pair `pairId`; clears the messages of the previous one.
    void open(const QString &pairId);
    QString pairId() const { return m_pairId; }
    QVariantList certificates() const { return m_certificates; }
    QString title() const;
    QString status() const;
    QString statusText() const;
    bool canRevoke() const { return !busy() && status() == QLatin1String("valid"); }
    bool canChangePin() const { return canRevoke(); }
    /// "Signing certificate", "Encryption certificate": the pair's certificates, to export one.
    QStringList exportChoices() const;
    int exportIndex() const { return m_exportIndex; }
    void setExportIndex(int index);
    QStringList exportFormats() const;
    int exportFormatIndex() const { return m_formatIndex; }
    void setExportFormatIndex(int index);
    QString exportPath() const { return m_exportPath; }
    /// A local path or a file: URL (as a file dialog gives).
    void setExportPath(const QString &path);
    QStringList revokeReasons() const;
    int revokeReasonIndex() const { return m_reasonIndex; }
    void setRevokeReasonIndex(int index);
    ChangePinViewModel *changePin() const { return m_changePin; }
    /// The keys are split with the server (else kept whole on this device).
    bool twoParty() const { return !m_pairId.isEmpty() && m_custody == CustodyKind::TwoParty; }
    /// "Two-party key…" or "Kept only on this device — weaker".
    QString custodyText() const;
    /// Wrong PINs the server still accepts before it locks the keys; -1 when not known (yet)
    /// or without limit (local keys).
    int pinAttemptsLeft() const { return m_pinStatus.attemptsLeft; }
    bool pinLocked() const { return m_pinStatus.locked; }
    /// "N PIN attempts left", "Locked after too many wrong PINs", or empty (local, not known).
    QString pinStatusText() const;
    bool canUnlock() const { return twoParty() && canRevoke(); }
    UnlockPinViewModel *unlockPin() const { return m_unlockPin; }

    bool canSubmit() const override;
    /// Exports the chosen certificate to exportPath.
    Q_INVOKABLE void submit() override;
    /// Revokes the pair for the chosen reason (after the page has asked for confirmation).
    Q_INVOKABLE void revoke();
    /// Asks the server again for the PIN retry state (two-party pairs only).
    Q_INVOKABLE void refreshPinStatus();
    Q_INVOKABLE void reset() override;

Q_SIGNALS:
    /// The pair was revoked; the list should take over the server's status.
    void revoked();

private:
    void reload();
    QString defaultExportPath() const;

    CertificateService *m_service;
    PinMemory *m_pins;
    ChangePinViewModel *m_changePin;
    UnlockPinViewModel *m_unlockPin;
    QString m_pairId;
    CustodyKind m_custody = CustodyKind::Local;
    PinStatus m_pinStatus;
    quint64 m_pinStatusAsked = 0; ///< numbers the PIN-status questions; only the latest answer counts
    QVariantList m_certificates;
    int m_exportIndex = 0;
    int m_formatIndex = 0;
    QString m_exportPath;
    int m_reasonIndex = 0;
};

} // namespace tq
