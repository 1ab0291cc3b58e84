#include "newpinformviewmodel.h"

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

} // namespace tq
