#include "identityviewmodel.h"

#include "core/common/errortext.h"
#include "core/crypto/securebytes.h"

namespace tq {

IdentityViewModel::IdentityViewModel(IdentityService *service, QObject *parent)
    : FormViewModel(parent), m_service(service)
{
}

void IdentityViewModel::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    setError({});
}

void IdentityViewModel::setIdNumber(const QString &idNumber)
{
    const QString upper = idNumber.trimmed().toUpper();
    if (upper == m_idNumber)
        return;
    m_idNumber = upper;
    setError({});
}

QString IdentityViewModel::nameError() const
{
    return shown(m_name, personNameProblem(m_name));
}

QString IdentityViewModel::idNumberError() const
{
    // Judge the number only once it is complete; while typing, silence is kinder.
    return m_idNumber.size() < 18 && !m_idNumber.isEmpty() ? shown({}, idNumberProblem(m_idNumber))
                                                           : shown(m_idNumber, idNumberProblem(m_idNumber));
}

bool IdentityViewModel::canSubmit() const
{
    return !busy() && personNameProblem(m_name).isEmpty() && idNumberProblem(m_idNumber).isEmpty();
}

void IdentityViewModel::submit()
{
    if (!beginSubmit())
        return;
    track(m_service->verify(m_name, m_idNumber));
}

void IdentityViewModel::reset()
{
    SecureBytes::wipe(m_name);
    SecureBytes::wipe(m_idNumber);
    FormViewModel::reset();
}

} // namespace tq
