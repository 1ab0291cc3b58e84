#pragma once

#include "formviewmodel.h"
#include "personentry.h"
#include "pinentry.h"

#include "core/certificates/certificateservice.h"

namespace tq {

/// Applying for a personal certificate pair: key algorithm (SM2 by default), where
/// the keys are kept (SM2: two-party by default or only on this device; RSA and P-256 always on
/// this device, docs/key-custody.md), validity, and the certificate PIN entered twice. Needs a
/// verified real name; while the application runs, progress gives its step (1–5) and what
/// happens in it.
/// Every application proves the person afresh (docs/server.md): the name and ID number again
/// (proofMethod 0), or, when a valid signing certificate is installed, that certificate's
/// signature over a server challenge plus the SMS code sent with it (proofMethod 1; the PIN is
/// that certificate's, and the new pair gets it too).
/// PINs enter through setPin()/setConfirmPin() and live only in SecureBytes; the name, ID number
/// and SMS code are sent, never stored, and wiped by reset().
class CertificateApplyViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(bool identityVerified READ identityVerified NOTIFY changed)
    Q_PROPERTY(QStringList algorithms READ algorithms CONSTANT)
    Q_PROPERTY(int algorithmIndex READ algorithmIndex WRITE setAlgorithmIndex NOTIFY changed)
    Q_PROPERTY(QVariantList custodyChoices READ custodyChoices CONSTANT)
    Q_PROPERTY(int custodyIndex READ custodyIndex WRITE setCustodyIndex NOTIFY changed)
    Q_PROPERTY(bool custodyChoosable READ custodyChoosable NOTIFY changed)
    Q_PROPERTY(QString custodyNote READ custodyNote NOTIFY changed)
    Q_PROPERTY(QStringList validityOptions READ validityOptions CONSTANT)
    Q_PROPERTY(int validityIndex READ validityIndex WRITE setValidityIndex NOTIFY changed)
    Q_PROPERTY(QString pinError READ pinError NOTIFY changed)
    Q_PROPERTY(QString confirmError READ confirmError NOTIFY changed)
    Q_PROPERTY(int progressStep READ progressStep NOTIFY changed)
    Q_PROPERTY(int progressSteps READ progressSteps CONSTANT)
    Q_PROPERTY(QString progressText READ progressText NOTIFY changed)
    Q_PROPERTY(QStringList proofMethods READ proofMethods NOTIFY changed)
    Q_PROPERTY(int proofMethod READ proofMethod WRITE setProofMethod NOTIFY changed)
    Q_PROPERTY(QStringList proofCertificates READ proofCertificates NOTIFY changed)
    Q_PROPERTY(int proofCertificateIndex READ proofCertificateIndex WRITE setProofCertificateIndex NOTIFY changed)
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY changed)
    Q_PROPERTY(QString idNumber READ idNumber WRITE setIdNumber NOTIFY changed)
    Q_PROPERTY(QString nameError READ nameError NOTIFY changed)
    Q_PROPERTY(QString idNumberError READ idNumberError NOTIFY changed)
    Q_PROPERTY(QString smsCode READ smsCode WRITE setSmsCode NOTIFY changed)
    Q_PROPERTY(QString smsCodeError READ smsCodeError NOTIFY changed)
    Q_PROPERTY(bool codeRequested READ codeRequested NOTIFY changed)
public:
    CertificateApplyViewModel(AccountSession *session, CertificateService *service, QObject *parent);

    bool identityVerified() const;
    /// Display names, in the order of KeyAlgorithm: SM2, ECDSA P-256, RSA-2048.
    QStringList algorithms() const;
    int algorithmIndex() const { return m_algorithm; }
    void setAlgorithmIndex(int index);
    /// [{title, description}]: two-party (recommended), then only on this device (weaker).
    QVariantList custodyChoices() const;
    /// The custody the keys will get: the choice for SM2; "only on this device" otherwise.
    int custodyIndex() const;
    void setCustodyIndex(int index);
    /// Only SM2 keys can be two-party.
    bool custodyChoosable() const;
    /// Why there is no choice (RSA, P-256), else empty.
    QString custodyNote() const;
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

    /// The ways to prove the person: the name and ID number again; "use my existing certificate"
    /// only while a valid signing certificate is installed here.
    QStringList proofMethods() const;
    int proofMethod() const { return m_proofMethod; }
    void setProofMethod(int method);
    /// The installed valid signing certificates that can prove the person (display lines).
    QStringList proofCertificates() const;
    int proofCertificateIndex() const { return m_proofCertificate; }
    void setProofCertificateIndex(int index);
    QString name() const { return m_person.name(); }
    void setName(const QString &name);
    QString idNumber() const { return m_person.idNumber(); }
    void setIdNumber(const QString &idNumber);
    QString nameError() const;
    QString idNumberError() const;
    QString smsCode() const { return m_smsCode; }
    void setSmsCode(const QString &code);
    QString smsCodeError() const;
    /// A challenge arrived and its SMS code was sent to the account's phone.
    bool codeRequested() const { return !m_challenge.isEmpty(); }
    /// Method 1: asks the server for a challenge, which texts a code to the account's phone.
    Q_INVOKABLE void requestCode();

    Q_INVOKABLE void setPin(const QString &pin);
    Q_INVOKABLE void setConfirmPin(const QString &pin);
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

private:
    CustodyKind custody() const;
    bool usesCertificate() const { return m_proofMethod == 1; }
    ApplicationProof proof() const;
    void wipeProof();

    AccountSession *m_session;
    CertificateService *m_service;
    int m_algorithm = 0;
    int m_validity = 0;
    CustodyKind m_custody;
    PinEntry m_pin;
    PinEntry m_confirm;
    int m_step = 0;
    QString m_stepText;
    QString m_appliedPairId;
    int m_proofMethod = 0;
    int m_proofCertificate = 0;
    PersonEntry m_person;
    QString m_smsCode;
    QByteArray m_challenge;
    bool m_requesting = false;
};

} // namespace tq
