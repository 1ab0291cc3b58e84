#pragma once

#include "newpinformviewmodel.h"
#include "personentry.h"

namespace tq {

/// Unlocking the two-party keys of one certificate pair after too many wrong PINs:
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
