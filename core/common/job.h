#pragma once

#include "core/common/error.h"

#include <QObject>

#include <optional>

namespace tq {

/// The one async vocabulary of Tongqian: a unit of work that ends with exactly one
/// `finished()` signal, carrying either a result (in the subclass) or an `error()`.
///
/// Ownership: the creator owns the job; by default a job deletes itself (deleteLater)
/// after `finished()` is delivered, so connect before `start()` and do not keep the
/// pointer afterwards. Thread affinity: the thread that created it; results arrive there.
class Job : public QObject {
    Q_OBJECT
public:
    explicit Job(QObject *parent = nullptr);
    ~Job() override;

    /// Starts the work; calling it twice does nothing.
    void start();

    bool hasError() const { return !m_error.isNull(); }
    const Error &error() const { return m_error; }
    bool isFinished() const { return m_finished; }

    /// Whether the job deletes itself after finishing (default true).
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

Q_SIGNALS:
    void finished(tq::Job *job);

protected:
    /// Subclasses do their work here and eventually call finish() or fail().
    virtual void run() = 0;
    void finish();
    void fail(Error error);

private:
    Error m_error;
    bool m_started = false;
    bool m_finished = false;
    bool m_autoDelete = true;
};

/// A job whose outcome its owner decides, for work made of several steps (other jobs, network
/// calls) that the owner chains: the owner calls finish() or fail() when the last step ends.
class ComposedJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    using Job::fail;
    using Job::finish;
    /// fail() from the event loop: for a job that fails before its creator could connect.
    void failLater(Error error);

protected:
    void run() override {}
};

/// A ComposedJob that ends with a value: the owner calls finishWith(value) or fail().
template <typename T>
class ComposedValueJob : public ComposedJob {
public:
    using ComposedJob::ComposedJob;

    void finishWith(T value)
    {
        m_value.emplace(std::move(value));
        finish();
    }
    /// The value; valid only after finished() when hasError() is false.
    T &result() { return *m_value; }

private:
    std::optional<T> m_value;
};

} // namespace tq
