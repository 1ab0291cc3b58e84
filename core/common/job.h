#pragma once

#include "core/common/error.h"

#include <QObject>
#include <QPointer>

#include <optional>
#include <type_traits>

namespace tq {

/// The one async vocabulary of Tongqian: a unit of work that ends with at most one
/// `finished()` signal, carrying either a result (in the subclass) or an `error()`.
///
/// The rule: finished() is always delivered from the event loop, never from inside the call
/// that created, started or finished the job. So a job a service returns may already be
/// started, and connecting to it (or calling then()) right after the call is always safe.
/// start() on a started job does nothing. cancel() stops the work where it can (a network
/// reply is aborted, a composed job's pending step is cancelled); a cancelled job never
/// delivers finished(), even if its outcome was already decided.
///
/// Ownership: the creator owns the job; by default a job deletes itself (deleteLater) after
/// finished() is delivered or after cancel(), so do not keep the pointer afterwards (or keep a
/// QPointer). Thread affinity: the thread that created it; results arrive there.
class Job : public QObject {
    Q_OBJECT
public:
    explicit Job(QObject *parent = nullptr);
    ~Job() override;

    /// Starts the work; calling it twice does nothing.
    void start();
    /// Stops the work and drops its result: finished() will not be delivered. Does nothing
    /// once finished() was delivered.
    void cancel();

    bool hasError() const { return !m_error.isNull(); }
    const Error &error() const { return m_error; }
    /// Whether the outcome is decided (finished() is then delivered or about to be).
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }
    /// The outcome as a value: error() or success. Meaningful once finished.
    Result<void> outcome() const { return Result<void>(m_error); }

    /// Whether the job deletes itself after finishing or being cancelled (default true).
    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }

    /// The owner-bound continuation: runs `callback` in `context`'s thread once the job
    /// finishes, with `tq::Job *`, with outcome() (`const Result<void> &`) or with nothing.
    /// Dropped if `context` is destroyed first or the job is cancelled. Starts the job if it is
    /// not yet started.
    template <typename Callback>
    void then(const QObject *context, Callback &&callback)
    {
        if constexpr (std::is_invocable_v<Callback, const Result<void> &>)
            connect(this, &Job::finished, context,
                    [callback = std::forward<Callback>(callback)](Job *job) mutable { callback(job->outcome()); });
        else
            connect(this, &Job::finished, context, std::forward<Callback>(callback));
        start();
    }

Q_SIGNALS:
    void finished(tq::Job *job);

protected:
    /// Subclasses do their work here and eventually call finish() or fail().
    virtual void run() = 0;
    /// Called by cancel() before the outcome is decided: stop what is in flight.
    virtual void abort() {}
    /// Decide the outcome; finished() follows from the event loop. Later calls are ignored.
    void finish();
    void fail(Error error);

private:
    void deliver();

    Error m_error;
    bool m_started = false;
    bool m_finished = false;
    bool m_cancelled = false;
    bool m_delivered = false;
    bool m_autoDelete = true;
};

/// A job whose outcome its owner decides, for work made of several steps (other jobs, network
/// calls) that the owner chains: the owner calls finish() or fail() when the last step ends.
/// The owner hands each step to step(), so that cancelling this job cancels the step in flight.
class ComposedJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    using Job::fail;
    using Job::finish;

    /// Makes `job` the pending step (cancelled with this job), runs `callback` in `context`
    /// when it finishes (see Job::then) and returns it. When this job is already decided or
    /// cancelled, `job` is cancelled instead and the callback never runs.
    template <typename StepJob, typename Callback>
    StepJob *step(StepJob *job, const QObject *context, Callback &&callback)
    {
        if (isFinished() || isCancelled()) {
            job->cancel();
            return job;
        }
        m_step = job;
        job->then(context, std::forward<Callback>(callback));
        return job;
    }

protected:
    void run() override {}
    void abort() override;

private:
    QPointer<Job> m_step;
};

/// A ComposedJob that ends with a value: the owner calls finishWith(value) or fail().
template <typename T>
class ComposedValueJob : public ComposedJob {
public:
    using ComposedJob::ComposedJob;

    void finishWith(T value)
    {
        if (isFinished() || isCancelled())
            return;
        m_value.emplace(std::move(value));
        finish();
    }
    /// The value; valid only after finished() when hasError() is false.
    T &result() { return *m_value; }

private:
    std::optional<T> m_value;
};

} // namespace tq
