#pragma once

#include "formviewmodel.h"
#include "pinentry.h"

#include "core/certificates/certificateservice.h"
#include "core/keys/pinmemory.h"

namespace tq {

/// Changing the PIN of one certificate pair (SPEC E10): old PIN, new PIN twice. The keys are
/// re-wrapped in custody, never regenerated; a wrong old PIN changes nothing.
class ChangePinViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by CertificateDetailViewModel")
    Q_PROPERTY(QString oldPinError READ oldPinError NOTIFY changed)
    Q_PROPERTY(QString newPinError READ newPinError NOTIFY changed)
    Q_PROPERTY(QString confirmError READ confirmError NOTIFY changed)
public:
    ChangePinViewModel(CertificateService *service, QObject *parent);

    void setPairId(const QString &pairId) { m_pairId = pairId; }
    Q_INVOKABLE void setOldPin(const QString &pin);
    Q_INVOKABLE void setNewPin(const QString &pin);
    Q_INVOKABLE void setConfirmPin(const QString &pin);
    QString oldPinError() const;
    QString newPinError() const;
    QString confirmError() const;
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

private:
    CertificateService *m_service;
    QString m_pairId;
    PinEntry m_old;
    PinEntry m_new;
    PinEntry m_confirm;
};

/// One installed certificate pair (SPEC E5, E9, E10): both certificates with their facts
/// (see certificateFacts()), and the actions on them. The form part is the export: which
/// certificate, the file format and the path (a default under Documents, shown and editable).
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
public:
    /// A remembered PIN of the pair is forgotten when its PIN changes or the pair is revoked.
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

    bool canSubmit() const override;
    /// Exports the chosen certificate to exportPath.
    Q_INVOKABLE void submit() override;
    /// Revokes the pair for the chosen reason (after the page has asked for confirmation).
    Q_INVOKABLE void revoke();
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
    QString m_pairId;
    QVariantList m_certificates;
    int m_exportIndex = 0;
    int m_formatIndex = 0;
    QString m_exportPath;
    int m_reasonIndex = 0;
};

} // namespace tq
