#pragma once

#include "core/validators/validators.h"

#include <QQmlEngine>

// QML names for the core validators, for TextField.validator.

struct MobileNumberValidatorForeign {
    Q_GADGET
    QML_FOREIGN(tq::MobileNumberValidator)
    QML_NAMED_ELEMENT(MobileNumberValidator)
};

struct SmsCodeValidatorForeign {
    Q_GADGET
    QML_FOREIGN(tq::SmsCodeValidator)
    QML_NAMED_ELEMENT(SmsCodeValidator)
};

struct PasswordValidatorForeign {
    Q_GADGET
    QML_FOREIGN(tq::PasswordValidator)
    QML_NAMED_ELEMENT(PasswordValidator)
};

struct IdNumberValidatorForeign {
    Q_GADGET
    QML_FOREIGN(tq::IdNumberValidator)
    QML_NAMED_ELEMENT(IdNumberValidator)
};

struct PinValidatorForeign {
    Q_GADGET
    QML_FOREIGN(tq::PinValidator)
    QML_NAMED_ELEMENT(PinValidator)
};
