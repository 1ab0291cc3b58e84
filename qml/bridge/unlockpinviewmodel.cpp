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
    if (name == m_name)
        return;
    m_name = name;
    setError({});
}

void UnlockPinViewModel::setIdNumber(const QString &idNumber)
{
    const QString upper = idNumber.trimmed().toUpper();
    if (upper == m_idNumber)
        return;
    m_idNumber = upper;
    setError({});
}

QString UnlockPinViewModel::nameError() const
{
    return shown(m_name, personNameProblem(m_name));
}

QString UnlockPinViewModel::idNumberError() const
{
    // A partly typed number is judged only after a submit attempt.
    return shown(m_idNumber.size() >= 18, idNumberProblem(m_idNumber));
}

bool UnlockPinViewModel::canSubmit() const
{
    return !busy() && newPinReady() && personNameProblem(m_name).isEmpty() && idNumberProblem(m_idNumber).isEmpty();
}

void UnlockPinViewModel::submit()
{
    if (!beginSubmit())
        return;
    Job *job = m_service->resetPin(m_pairId, IdentityProof{m_name, m_idNumber, {}}, m_new.value());
    track(job, [this] {
        wipeIdentity();
        clearPins();
        Q_EMIT secretsCleared();
    });
}

void UnlockPinViewModel::wipeIdentity()
{
    SecureBytes::wipe(m_name);
    SecureBytes::wipe(m_idNumber);
}

void UnlockPinViewModel::reset()
{
    wipeIdentity();
    NewPinFormViewModel::reset();
}

} // namespace tq
