#pragma once

#include "formviewmodel.h"
#include "personentry.h"
#include "pinentry.h"

#include "core/certificates/certificateservice.h"

namespace tq {

/// What the forms that set a new PIN on a certificate pair share (unlock, change PIN): the pair,
/// and the new PIN entered twice, held only in SecureBytes. GUI thread only.
class NewPinFormViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Base of the forms that set a new PIN")
    Q_PROPERTY(QString newPinError READ newPinError NOTIFY changed)
    Q_PROPERTY(QString confirmError READ confirmError NOTIFY changed)
public:
    NewPinFormViewModel(CertificateService *service, QObject *parent);

    void setPairId(const QString &pairId) { m_pairId = pairId; }
    Q_INVOKABLE void setNewPin(const QString &pin);
    Q_INVOKABLE void setConfirmPin(const QString &pin);
    virtual QString newPinError() const;
    QString confirmError() const;
    /// Wipes the PINs and the messages.
    Q_INVOKABLE void reset() override;

protected:
    /// A pair is set, the new PIN meets the policy and was repeated exactly.
    bool newPinReady() const;
    void clearPins();

    CertificateService *m_service;
    QString m_pairId;
    PinEntry m_new;
    PinEntry m_confirm;
};

/// Unlocking the two-party keys of one certificate pair after too many wrong PINs (SPEC E11):
/// the person's name and ID number, checked by the server against the account's verified
/// identity (`identity_mismatch` with details.reason notAccountHolder otherwise), and a new PIN entered twice, which then replaces
/// the old one. Works on keys that are not locked too (a forgotten PIN). The name and ID number
/// are sent, never stored; PINs live only in SecureBytes. GUI thread only.
class UnlockPinViewModel : public NewPinFormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by CertificateDetailViewModel")
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY changed)
    Q_PROPERTY(QString idNumber READ idNumber WRITE setIdNumber NOTIFY changed)
    Q_PROPERTY(QString nameError READ nameError NOTIFY changed)
    Q_PROPERTY(QString idNumberError READ idNumberError NOTIFY changed)
public:
    using NewPinFormViewModel::NewPinFormViewModel;

    QString name() const { return m_person.name(); }
    void setName(const QString &name);
    QString idNumber() const { return m_person.idNumber(); }
    void setIdNumber(const QString &idNumber);
    QString nameError() const;
    QString idNumberError() const;
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    /// Wipes the name, the ID number and the PINs.
    Q_INVOKABLE void reset() override;

private:
    PersonEntry m_person;
};

} // namespace tq
