#pragma once

#include <QValidator>

namespace tq {

// QValidator types over the shared input rules (core/validators/rules.h). The QML module
// exposes them for TextField.validator; view models use them for inline messages.
// Intermediate means "could still become valid by typing more".

/// Mainland mobile number (11 digits, 13–19 prefix).
class MobileNumberValidator : public QValidator {
    Q_OBJECT
public:
    using QValidator::QValidator;
    State validate(QString &input, int &pos) const override;
};

/// Six-digit SMS verification code.
class SmsCodeValidator : public QValidator {
    Q_OBJECT
public:
    using QValidator::QValidator;
    State validate(QString &input, int &pos) const override;
};

/// Login password policy: 8–16 printable ASCII with upper, lower and digit.
class PasswordValidator : public QValidator {
    Q_OBJECT
public:
    using QValidator::QValidator;
    State validate(QString &input, int &pos) const override;
};

/// Mainland resident ID number: 17 digits and a GB 11643 check character (digit or X).
class IdNumberValidator : public QValidator {
    Q_OBJECT
public:
    using QValidator::QValidator;
    State validate(QString &input, int &pos) const override;
};

/// Certificate PIN under the default PinPolicy: rules::PinLength digits.
class PinValidator : public QValidator {
    Q_OBJECT
public:
    using QValidator::QValidator;
    State validate(QString &input, int &pos) const override;
};

} // namespace tq
