#pragma once

#include "formviewmodel.h"
#include "personentry.h"

#include "core/identity/identityservice.h"

namespace tq {

/// Real-name verification form: full name and resident ID number, checked inline
/// with the shared GB 11643 rule, then by the server's identity provider.
class IdentityViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY changed)
    Q_PROPERTY(QString idNumber READ idNumber WRITE setIdNumber NOTIFY changed)
    Q_PROPERTY(QString nameError READ nameError NOTIFY changed)
    Q_PROPERTY(QString idNumberError READ idNumberError NOTIFY changed)
public:
    IdentityViewModel(IdentityService *service, QObject *parent);

    QString name() const { return m_person.name(); }
    void setName(const QString &name);
    QString idNumber() const { return m_person.idNumber(); }
    void setIdNumber(const QString &idNumber);
    QString nameError() const;
    QString idNumberError() const;
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

private:
    IdentityService *m_service;
    PersonEntry m_person;
};

} // namespace tq
