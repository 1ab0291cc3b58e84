#pragma once

#include <QString>
#include <QVariantMap>

#include <span>
#include <utility>
#include <variant>

namespace tq {

/// An error as a value. Its three parts have three readers:
/// - `code`: a stable, machine-readable code (`snake_case`, ASCII) that programs branch on. Each
///   domain declares its codes in its own header (see ErrorDomain below) and the server sends them
///   as the `code` of its `{code, message, details}` error body.
/// - `message`: developer detail for logs, in English and never translated, never shown to a
///   person (a view or the CLI shows tq::userMessage() instead). May be empty.
/// - `details`: machine-readable facts that the sentence for people needs (e.g. `retryAfter`
///   seconds, `attemptsLeft`, the `field` or `reason` of a refusal); sent on the wire as well.
/// Neither `message` nor `details` ever holds a secret (PIN, key, token, ID number, request body).
struct Error {
    QString code;
    QString message;
    QVariantMap details;

    Error() = default;
    Error(QString c, QString m, QVariantMap d = {})
        : code(std::move(c)), message(std::move(m)), details(std::move(d)) {}
    Error(const char *c, QString m, QVariantMap d = {})
        : code(QString::fromLatin1(c)), message(std::move(m)), details(std::move(d)) {}

    bool isNull() const { return code.isEmpty(); }
    bool is(const char *c) const { return code == QLatin1String(c); }
};

/// The codes one domain owns and the sentences people read for them. Each domain defines one
/// (e.g. `accountErrors()` in core/protocol/accounterrors.h) next to its code constants;
/// tq::userMessage() (core/common/errortext.h) dispatches to the owner of a code. A domain's
/// table is immutable and lives for the whole program; its functions are thread-safe.
struct ErrorDomain {
    /// One code and its sentence: translated, saying what happened and what to do next, with
    /// the error's details (minutes left, attempts left) filled in. Never uses `Error::message`.
    struct Entry {
        const char *code;
        QString (*userText)(const Error &error);
    };
    const char *name; ///< e.g. "account"; for tests and logs
    std::span<const Entry> entries;
};

/// Either a value or an Error. Use `if (!r) handle(r.error());` then `r.value()`.
template <typename T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    explicit operator bool() const { return std::holds_alternative<T>(m_v); }
    bool ok() const { return bool(*this); }
    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

/// Result for operations with no value.
template <>
class Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    explicit operator bool() const { return m_error.isNull(); }
    bool ok() const { return m_error.isNull(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

} // namespace tq
