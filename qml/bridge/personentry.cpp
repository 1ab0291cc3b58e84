#include "personentry.h"

#include "core/common/errortext.h"
#include "core/crypto/securebytes.h"

namespace tq {

bool PersonEntry::setName(const QString &name)
{
    if (name == m_name)
        return false;
    m_name = name;
    return true;
}

bool PersonEntry::setIdNumber(const QString &idNumber)
{
    const QString upper = idNumber.trimmed().toUpper();
    if (upper == m_idNumber)
        return false;
    m_idNumber = upper;
    return true;
}

QString PersonEntry::nameProblem() const
{
    return personNameProblem(m_name);
}

QString PersonEntry::idNumberProblem() const
{
    return tq::idNumberProblem(m_idNumber);
}

void PersonEntry::clear()
{
    SecureBytes::wipe(m_name);
    SecureBytes::wipe(m_idNumber);
}

} // namespace tq
