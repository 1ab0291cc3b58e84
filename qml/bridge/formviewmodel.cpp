#include "formviewmodel.h"

#include "core/common/errortext.h"
#include "core/crypto/securebytes.h"
#include "core/protocol/accounterrors.h"

namespace tq {

void FormViewModel::reset()
{
    m_submitted = false;
    m_errorMessage.clear();
    m_notice.clear();
    Q_EMIT changed();
    Q_EMIT secretsCleared();
}

void FormViewModel::setNotice(const QString &notice)
{
    m_notice = notice;
    Q_EMIT changed();
}

QString FormViewModel::shown(const QString &value, const QString &problem) const
{
    return shown(!value.isEmpty(), problem);
}

QString FormViewModel::shown(bool hasValue, const QString &problem) const
{
    return (m_submitted || hasValue) ? problem : QString();
}

bool FormViewModel::beginSubmit()
{
    m_submitted = true;
    m_errorMessage.clear();
    const bool ok = canSubmit();
    Q_EMIT changed();
    return ok;
}

void FormViewModel::setError(const QString &message)
{
    m_errorMessage = message;
    if (!message.isEmpty())
        m_notice.clear();
    Q_EMIT changed();
}

void FormViewModel::revealProblems()
{
    m_submitted = true;
    Q_EMIT changed();
}

void FormViewModel::follow(Job *job, std::function<void()> onSuccess)
{
    m_pending = job;
    m_busy = true;
    m_notice.clear();
    Q_EMIT changed();
    job->then(this, [this, job, onSuccess = std::move(onSuccess)] {
        if (m_pending == job)
            m_pending = nullptr;
        m_busy = false;
        if (job->hasError()) {
            setError(userMessage(job->error()));
            return;
        }
        if (onSuccess)
            onSuccess();
        Q_EMIT changed();
        Q_EMIT succeeded();
    });
}

void FormViewModel::cancelPending()
{
    if (Job *job = m_pending.data())
        job->cancel();
    m_pending = nullptr;
    m_busy = false;
}

AccountFormViewModel::AccountFormViewModel(AccountSession *session, SmsPurpose purpose, QObject *parent)
    : FormViewModel(parent), m_session(session), m_purpose(purpose)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (--m_countdown <= 0) {
            m_countdown = 0;
            m_timer.stop();
        }
        Q_EMIT changed();
    });
}

void AccountFormViewModel::setPhone(const QString &phone)
{
    const QString trimmed = phone.trimmed();
    if (trimmed == m_phone)
        return;
    m_phone = trimmed;
    setError({});
}

void AccountFormViewModel::setSmsCode(const QString &code)
{
    const QString trimmed = code.trimmed();
    if (trimmed == m_smsCode)
        return;
    m_smsCode = trimmed;
    setError({});
}

QString AccountFormViewModel::phoneError() const
{
    return shown(m_phone, mobileNumberProblem(m_phone));
}

QString AccountFormViewModel::smsCodeError() const
{
    return shown(m_smsCode, smsCodeProblem(m_smsCode));
}

bool AccountFormViewModel::canSendCode() const
{
    return !m_sending && !busy() && smsCountdown() == 0 && mobileNumberProblem(m_phone).isEmpty();
}

void AccountFormViewModel::sendCode()
{
    if (!canSendCode()) {
        revealProblems(); // e.g. the number is missing
        return;
    }
    m_sending = true;
    setError({});
    setNotice({});
    ApiJob *job = m_session->sendSmsCode(m_phone, m_purpose);
    job->then(this, [this, job, phone = m_phone] {
        m_sending = false;
        m_codeSentTo = phone;
        if (job->hasError()) {
            if (job->error().is(AccountError::SmsTooSoon))
                startCountdown(job->error().details.value(QStringLiteral("retryAfter")).toInt());
            setError(userMessage(job->error()));
        } else {
            startCountdown(job->data().value(u"resendAfter").toInt(60));
            setNotice(tr("A 6-digit code was sent to %1. It is valid for 5 minutes.").arg(m_phone));
        }
    });
}

void AccountFormViewModel::startCountdown(int seconds)
{
    m_countdown = qMax(0, seconds);
    if (m_countdown > 0)
        m_timer.start();
}

void AccountFormViewModel::reset()
{
    SecureBytes::wipe(m_smsCode);
    FormViewModel::reset();
}

SetPasswordViewModel::SetPasswordViewModel(AccountSession *session, SmsPurpose purpose, QObject *parent)
    : AccountFormViewModel(session, purpose, parent), m_mode(purpose)
{
}

void SetPasswordViewModel::setPassword(const QString &password)
{
    if (password == m_password)
        return;
    m_password = password;
    Q_EMIT changed();
}

void SetPasswordViewModel::setConfirmPassword(const QString &password)
{
    if (password == m_confirm)
        return;
    m_confirm = password;
    Q_EMIT changed();
}

void SetPasswordViewModel::setAgreed(bool agreed)
{
    if (agreed == m_agreed)
        return;
    m_agreed = agreed;
    Q_EMIT changed();
}

QString SetPasswordViewModel::passwordError() const
{
    return shown(m_password, passwordProblem(m_password));
}

QString SetPasswordViewModel::confirmError() const
{
    return shown(m_confirm, m_confirm == m_password ? QString() : tr("The two passwords do not match."));
}

QString SetPasswordViewModel::agreementError() const
{
    if (isReset() || m_agreed)
        return {};
    return shown(QString(), tr("Read and accept the user agreement and privacy policy to register."));
}

bool SetPasswordViewModel::canSubmit() const
{
    return !busy() && mobileNumberProblem(phone()).isEmpty() && smsCodeProblem(smsCode()).isEmpty()
        && passwordProblem(m_password).isEmpty() && m_confirm == m_password && (isReset() || m_agreed);
}

void SetPasswordViewModel::submit()
{
    if (!beginSubmit())
        return;
    follow(isReset() ? m_session->resetPassword(phone(), smsCode(), m_password)
                     : m_session->registerAccount(phone(), smsCode(), m_password));
}

void SetPasswordViewModel::reset()
{
    SecureBytes::wipe(m_password);
    SecureBytes::wipe(m_confirm);
    m_agreed = false; // consent is given per registration, never carried over
    AccountFormViewModel::reset();
}

} // namespace tq
