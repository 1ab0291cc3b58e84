#pragma once

#include "formviewmodel.h"

namespace tq {

/// Log in with the password or with an SMS code.
class LoginViewModel : public AccountFormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(bool useSmsCode READ useSmsCode WRITE setUseSmsCode NOTIFY changed)
    Q_PROPERTY(QString password READ password WRITE setPassword NOTIFY changed)
    Q_PROPERTY(QString passwordError READ passwordError NOTIFY changed)
public:
    LoginViewModel(AccountSession *session, QObject *parent);
    bool useSmsCode() const { return m_useSmsCode; }
    void setUseSmsCode(bool use);
    QString password() const { return m_password; }
    void setPassword(const QString &password);
    QString passwordError() const;
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

private:
    bool m_useSmsCode = false;
    QString m_password;
};

} // namespace tq
