#include "loginviewmodel.h"

#include "core/common/errortext.h"
#include "core/crypto/securebytes.h"

namespace tq {

LoginViewModel::LoginViewModel(AccountSession *session, QObject *parent)
    : AccountFormViewModel(session, SmsPurpose::Login, parent)
{
}

void LoginViewModel::setUseSmsCode(bool use)
{
    if (use == m_useSmsCode)
        return;
    m_useSmsCode = use;
    reset();
}

void LoginViewModel::setPassword(const QString &password)
{
    if (password == m_password)
        return;
    m_password = password;
    Q_EMIT changed();
}

QString LoginViewModel::passwordError() const
{
    // Login only asks for a non-empty password: old accounts may predate the current policy.
    return shown(m_password, m_password.isEmpty() ? tr("Enter your password.") : QString());
}

bool LoginViewModel::canSubmit() const
{
    if (busy() || !mobileNumberProblem(phone()).isEmpty())
        return false;
    return m_useSmsCode ? smsCodeProblem(smsCode()).isEmpty() : !m_password.isEmpty();
}

void LoginViewModel::submit()
{
    if (!beginSubmit())
        return;
    follow(m_useSmsCode ? m_session->loginWithSmsCode(phone(), smsCode())
                        : m_session->loginWithPassword(phone(), m_password));
}

void LoginViewModel::reset()
{
    SecureBytes::wipe(m_password);
    AccountFormViewModel::reset();
}

} // namespace tq
