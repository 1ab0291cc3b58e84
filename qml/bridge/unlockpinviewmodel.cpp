#include "unlockpinviewmodel.h"

#include "core/common/errortext.h"

namespace tq {

void UnlockPinViewModel::setName(const QString &name)
{
    if (m_person.setName(name))
        setError({});
}

void UnlockPinViewModel::setIdNumber(const QString &idNumber)
{
    if (m_person.setIdNumber(idNumber))
        setError({});
}

QString UnlockPinViewModel::nameError() const
{
    return shown(m_person.name(), m_person.nameProblem());
}

QString UnlockPinViewModel::idNumberError() const
{
    return shown(m_person.idNumberComplete(), m_person.idNumberProblem());
}

bool UnlockPinViewModel::canSubmit() const
{
    return !busy() && newPinReady() && m_person.isValid();
}

void UnlockPinViewModel::submit()
{
    if (!beginSubmit())
        return;
    Job *job = m_service->resetPin(m_pairId, IdentityProof{m_person.name(), m_person.idNumber(), {}}, m_new.value());
    follow(job, [this] {
        m_person.clear();
        clearPins();
        Q_EMIT secretsCleared();
    });
}

void UnlockPinViewModel::reset()
{
    m_person.clear();
    NewPinFormViewModel::reset();
}

} // namespace tq
