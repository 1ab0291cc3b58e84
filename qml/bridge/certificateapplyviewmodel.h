#pragma once

#include "formviewmodel.h"
#include "pinentry.h"

#include "core/certificates/certificateservice.h"

namespace tq {

/// Applying for a personal certificate pair (SPEC E1–E4): key algorithm (SM2 by default),
/// validity, and the certificate PIN entered twice. Needs a verified real name; while the
/// application runs, progress gives its step (1–5) and what happens in it.
/// PINs enter through setPin()/setConfirmPin() and live only in SecureBytes.
class CertificateApplyViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(bool identityVerified READ identityVerified NOTIFY changed)
    Q_PROPERTY(QStringList algorithms READ algorithms CONSTANT)
    Q_PROPERTY(int algorithmIndex READ algorithmIndex WRITE setAlgorithmIndex NOTIFY changed)
    Q_PROPERTY(QStringList validityOptions READ validityOptions CONSTANT)
    Q_PROPERTY(int validityIndex READ validityIndex WRITE setValidityIndex NOTIFY changed)
    Q_PROPERTY(QString pinError READ pinError NOTIFY changed)
    Q_PROPERTY(QString confirmError READ confirmError NOTIFY changed)
    Q_PROPERTY(int progressStep READ progressStep NOTIFY changed)
    Q_PROPERTY(int progressSteps READ progressSteps CONSTANT)
    Q_PROPERTY(QString progressText READ progressText NOTIFY changed)
public:
    CertificateApplyViewModel(AccountSession *session, CertificateService *service, QObject *parent);

    bool identityVerified() const;
    /// Display names, in the order of KeyAlgorithm: SM2, ECDSA P-256, RSA-2048.
    QStringList algorithms() const;
    int algorithmIndex() const { return m_algorithm; }
    void setAlgorithmIndex(int index);
    QStringList validityOptions() const;
    int validityIndex() const { return m_validity; }
    void setValidityIndex(int index);
    QString pinError() const;
    QString confirmError() const;
    int progressStep() const { return m_step; }
    int progressSteps() const { return CertificateService::ApplySteps; }
    QString progressText() const { return m_stepText; }
    /// The pair id of the last certificates issued through this form.
    QString appliedPairId() const { return m_appliedPairId; }

    Q_INVOKABLE void setPin(const QString &pin);
    Q_INVOKABLE void setConfirmPin(const QString &pin);
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

private:
    AccountSession *m_session;
    CertificateService *m_service;
    int m_algorithm = 0;
    int m_validity = 0;
    PinEntry m_pin;
    PinEntry m_confirm;
    int m_step = 0;
    QString m_stepText;
    QString m_appliedPairId;
};

} // namespace tq
