#pragma once

#include "core/account/accountsession.h"

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>

#include <functional>

namespace tq {

/// What every form view model shares: busy state, the last error as a translated sentence,
/// a notice, and inline field errors that show once a field has content or after a submit
/// attempt. Subclasses add their fields, canSubmit() and submit(). GUI thread only.
class FormViewModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Base of the form view models")
    Q_PROPERTY(bool busy READ busy NOTIFY changed)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY changed)
    Q_PROPERTY(QString notice READ notice NOTIFY changed)
    Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY changed)
public:
    using QObject::QObject;

    bool busy() const { return m_busy; }
    QString errorMessage() const { return m_errorMessage; }
    QString notice() const { return m_notice; }
    virtual bool canSubmit() const = 0;

    /// Validates every field and, if all are fine, sends the form.
    Q_INVOKABLE virtual void submit() = 0;
    /// Clears secrets and messages (called when the page is left).
    Q_INVOKABLE virtual void reset();

    void setNotice(const QString &notice);

Q_SIGNALS:
    void changed();
    /// The form's operation succeeded.
    void succeeded();
    /// reset() wiped the form's secrets; fields that hold a copy of one clear themselves.
    void secretsCleared();

protected:
    /// A field's problem text, shown only when the field has content or after a submit attempt.
    QString shown(const QString &value, const QString &problem) const;
    QString shown(bool hasValue, const QString &problem) const;
    /// Marks the form as submitted; returns whether every field is valid (canSubmit()).
    bool beginSubmit();
    /// Makes `job` the form's pending operation (starting it if need be): busy until it ends,
    /// then its error as errorMessage, or `onSuccess` (if any) followed by succeeded(). Its
    /// result is delivered only while this form lives and only if cancelPending() was not called.
    void follow(Job *job, std::function<void()> onSuccess = {});
    /// Cancels the pending operation (see tq::Job::cancel): its result will never reach the form.
    void cancelPending();
    void setError(const QString &message);
    void revealProblems();

private:
    QPointer<Job> m_pending;
    bool m_busy = false;
    bool m_submitted = false;
    QString m_errorMessage;
    QString m_notice;
};

/// The account forms (login, register, reset password): the mobile number and the SMS code
/// with its per-number resend countdown.
class AccountFormViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Base of the account forms")
    Q_PROPERTY(QString phone READ phone WRITE setPhone NOTIFY changed)
    Q_PROPERTY(QString smsCode READ smsCode WRITE setSmsCode NOTIFY changed)
    Q_PROPERTY(QString phoneError READ phoneError NOTIFY changed)
    Q_PROPERTY(QString smsCodeError READ smsCodeError NOTIFY changed)
    Q_PROPERTY(int smsCountdown READ smsCountdown NOTIFY changed)
    Q_PROPERTY(bool canSendCode READ canSendCode NOTIFY changed)
public:
    AccountFormViewModel(AccountSession *session, SmsPurpose purpose, QObject *parent);

    QString phone() const { return m_phone; }
    void setPhone(const QString &phone);
    QString smsCode() const { return m_smsCode; }
    void setSmsCode(const QString &code);
    QString phoneError() const;
    QString smsCodeError() const;
    /// Seconds until another code may be sent to the number in the field (0: now).
    int smsCountdown() const { return m_phone == m_codeSentTo ? m_countdown : 0; }
    bool canSendCode() const;

    /// Asks the server to text a code to `phone`, then counts down until a resend is allowed.
    Q_INVOKABLE void sendCode();
    Q_INVOKABLE void reset() override;

protected:
    void startCountdown(int seconds);

    AccountSession *m_session;

private:
    SmsPurpose m_purpose;
    QString m_phone;
    QString m_smsCode;
    bool m_sending = false;
    int m_countdown = 0;
    QString m_codeSentTo; ///< the server's resend limit is per number
    QTimer m_timer;
};

/// Mobile number + SMS code + a password entered twice: registration or password
/// reset, chosen by the purpose.
class SetPasswordViewModel : public AccountFormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(QString password READ password WRITE setPassword NOTIFY changed)
    Q_PROPERTY(QString confirmPassword READ confirmPassword WRITE setConfirmPassword NOTIFY changed)
    Q_PROPERTY(bool agreed READ agreed WRITE setAgreed NOTIFY changed)
    Q_PROPERTY(QString passwordError READ passwordError NOTIFY changed)
    Q_PROPERTY(QString confirmError READ confirmError NOTIFY changed)
    Q_PROPERTY(QString agreementError READ agreementError NOTIFY changed)
public:
    /// `purpose` Register creates an account; ResetPassword sets a new password.
    SetPasswordViewModel(AccountSession *session, SmsPurpose purpose, QObject *parent);
    QString password() const { return m_password; }
    void setPassword(const QString &password);
    QString confirmPassword() const { return m_confirm; }
    void setConfirmPassword(const QString &password);
    bool agreed() const { return m_agreed; }
    void setAgreed(bool agreed);
    QString passwordError() const;
    QString confirmError() const;
    QString agreementError() const;
    bool canSubmit() const override;
    Q_INVOKABLE void submit() override;
    Q_INVOKABLE void reset() override;

private:
    bool isReset() const { return m_mode == SmsPurpose::ResetPassword; }

    SmsPurpose m_mode;
    QString m_password;
    QString m_confirm;
    bool m_agreed = false;
};

} // namespace tq
