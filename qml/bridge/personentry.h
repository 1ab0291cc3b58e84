#pragma once

#include <QString>

namespace tq {

/// A person's name and resident ID number typed into a form (real-name verification, unlocking
/// a key): the number trimmed and upper-cased (the check character may be typed as x), both
/// checked with the shared rules, wiped by clear().
class PersonEntry {
public:
    /// Each returns whether the value changed.
    bool setName(const QString &name);
    bool setIdNumber(const QString &idNumber);
    const QString &name() const { return m_name; }
    const QString &idNumber() const { return m_idNumber; }
    /// Translated sentences, empty when the value is fine.
    QString nameProblem() const;
    QString idNumberProblem() const;
    /// Whether the number has all its characters; a shorter one is judged only after a submit.
    bool idNumberComplete() const { return m_idNumber.size() >= 18; }
    bool isValid() const { return nameProblem().isEmpty() && idNumberProblem().isEmpty(); }
    /// Overwrites both values in memory and empties them.
    void clear();

private:
    QString m_name;
    QString m_idNumber;
};

} // namespace tq
