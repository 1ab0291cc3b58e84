#pragma once

#include "formviewmodel.h"
#include "pinentry.h"

#include "core/certificates/certificateservice.h"

namespace tq {

/// What the forms that set a new PIN on a certificate pair share (unlock, change PIN): the pair,
/// and the new PIN entered twice, held only in SecureBytes. GUI thread only.
class NewPinFormViewModel : public FormViewModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Base of the forms that set a new PIN")
    Q_PROPERTY(QString newPinError READ newPinError NOTIFY changed)
    Q_PROPERTY(QString confirmError READ confirmError NOTIFY changed)
public:
    NewPinFormViewModel(CertificateService *service, QObject *parent);

    void setPairId(const QString &pairId) { m_pairId = pairId; }
    Q_INVOKABLE void setNewPin(const QString &pin);
    Q_INVOKABLE void setConfirmPin(const QString &pin);
    virtual QString newPinError() const;
    QString confirmError() const;
    /// Wipes the PINs and the messages.
    Q_INVOKABLE void reset() override;

protected:
    /// A pair is set, the new PIN meets the policy and was repeated exactly.
    bool newPinReady() const;
    void clearPins();

    CertificateService *m_service;
    QString m_pairId;
    PinEntry m_new;
    PinEntry m_confirm;
};

} // namespace tq
