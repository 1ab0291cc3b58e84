#include "unlockpinviewmodel.h"

#include "core/common/errortext.h"

namespace tq {

NewPinFormViewModel::NewPinFormViewModel(CertificateService *service, QObject *parent)
    : FormViewModel(parent), m_service(service)
{
}

void NewPinFormViewModel::setNewPin(const QString &pin)
{
    m_new.set(pin);
    setError({});
}

void NewPinFormViewModel::setConfirmPin(const QString &pin)
{
    m_confirm.set(pin);
    setError({});
}

QString NewPinFormViewModel::newPinError() const
{
    return shown(!m_new.isEmpty(), m_new.problem());
}

QString NewPinFormViewModel::confirmError() const
{
    return shown(!m_confirm.isEmpty(), m_confirm.matches(m_new) ? QString() : tr("The two new PINs do not match."));
}

bool NewPinFormViewModel::newPinReady() const
{
    return !m_pairId.isEmpty() && m_new.problem().isEmpty() && m_confirm.matches(m_new);
}

void NewPinFormViewModel::clearPins()
{
    m_new.clear();
    m_confirm.clear();
}

void NewPinFormViewModel::reset()
{
    clearPins();
    FormViewModel::reset();
}

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
    track(job, [this] {
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
