#include "unlockpinviewmodel.h"

#include "core/common/errortext.h"

namespace tq {

UnlockPinViewModel::UnlockPinViewModel(CertificateService *service, QObject *parent)
    : FormViewModel(parent), m_service(service)
{
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

void UnlockPinViewModel::setNewPin(const QString &pin)
{
    m_new.set(pin);
    setError({});
}

void UnlockPinViewModel::setConfirmPin(const QString &pin)
{
    m_confirm.set(pin);
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

QString UnlockPinViewModel::newPinError() const
{
    return shown(!m_new.isEmpty(), m_new.problem());
}

QString UnlockPinViewModel::confirmError() const
{
    return shown(!m_confirm.isEmpty(), m_confirm.matches(m_new) ? QString() : tr("The two new PINs do not match."));
}

bool UnlockPinViewModel::canSubmit() const
{
    return !busy() && !m_pairId.isEmpty() && personNameProblem(m_name).isEmpty()
        && idNumberProblem(m_idNumber).isEmpty() && m_new.problem().isEmpty() && m_confirm.matches(m_new);
}

void UnlockPinViewModel::submit()
{
    if (!beginSubmit())
        return;
    Job *job = m_service->resetPin(m_pairId, IdentityProof{m_name, m_idNumber}, m_new.value());
    track(job, [this] { clearSecrets(); });
    // After track(), so this sentence replaces its general one: here the name and number may well
    // belong together, just not to the person the account was verified as.
    connect(job, &Job::finished, this, [this, job] {
        if (job->hasError() && job->error().is(ErrorCode::IdentityMismatch))
            setError(tr("This is not the person this account was verified as. Enter your own name and ID number "
                        "exactly as on your ID card."));
    });
}

void UnlockPinViewModel::clearSecrets()
{
    SecureBytes::wipe(m_name);
    SecureBytes::wipe(m_idNumber);
    m_new.clear();
    m_confirm.clear();
    Q_EMIT secretsCleared();
}

void UnlockPinViewModel::reset()
{
    clearSecrets();
    FormViewModel::reset();
}

} // namespace tq
