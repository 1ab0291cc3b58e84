#include "identityviewmodel.h"


namespace tq {

IdentityViewModel::IdentityViewModel(IdentityService *service, QObject *parent)
    : FormViewModel(parent), m_service(service)
{
}

void IdentityViewModel::setName(const QString &name)
{
    if (m_person.setName(name))
        setError({});
}

void IdentityViewModel::setIdNumber(const QString &idNumber)
{
    if (m_person.setIdNumber(idNumber))
        setError({});
}

QString IdentityViewModel::nameError() const
{
    return shown(m_person.name(), m_person.nameProblem());
}

QString IdentityViewModel::idNumberError() const
{
    // Judge the number only once it is complete; while typing, silence is kinder.
    return shown(m_person.idNumberComplete(), m_person.idNumberProblem());
}

bool IdentityViewModel::canSubmit() const
{
    return !busy() && m_person.isValid();
}

void IdentityViewModel::submit()
{
    if (!beginSubmit())
        return;
    follow(m_service->verify(m_person.name(), m_person.idNumber()));
}

void IdentityViewModel::reset()
{
    m_person.clear();
    FormViewModel::reset();
}

} // namespace tq
