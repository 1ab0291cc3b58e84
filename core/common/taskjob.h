#pragma once

#include "core/common/apierrors.h"
#include "core/common/job.h"

#include <QFutureWatcher>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <memory>
#include <optional>
#include <variant>

namespace tq {

/// A Job whose work is one function run on a thread pool (the global one unless another is
/// given, e.g. a one-thread pool to keep operations in order). The function must
/// not touch objects of the job's thread; its Result comes back through a QFutureWatcher, so
/// finished() is emitted in the job's thread (queued), never from the worker and never with a
/// nested event loop. Ownership, lifetime and the delivery rule follow tq::Job. If the job is
/// cancelled or destroyed early, the work still completes on its worker and its result is dropped.
template <typename T>
class TaskJob : public Job {
public:
    using Work = std::function<Result<T>()>;

    explicit TaskJob(Work work, QObject *parent = nullptr, QThreadPool *pool = nullptr)
        : Job(parent), m_work(std::move(work)), m_pool(pool ? pool : QThreadPool::globalInstance())
    {
        QObject::connect(&m_watcher, &QFutureWatcher<void>::finished, this, [this] { deliver(); });
    }

    /// The result; valid only after finished() when hasError() is false.
    T &result() { return *m_result; }

protected:
    void run() override
    {
        auto slot = m_slot;
        m_watcher.setFuture(QtConcurrent::run(m_pool, [slot, work = std::move(m_work)] { slot->emplace(work()); }));
    }

private:
    void deliver()
    {
        if (!m_slot->has_value())
            return fail(
                Error(ApiError::Internal, QStringLiteral("The operation was interrupted.")));
        Result<T> &r = **m_slot;
        if (!r)
            return fail(r.error());
        m_result.emplace(std::move(r).value());
        m_slot->reset();
        finish();
    }

    Work m_work;
    QThreadPool *m_pool;
    std::shared_ptr<std::optional<Result<T>>> m_slot = std::make_shared<std::optional<Result<T>>>();
    QFutureWatcher<void> m_watcher;
    std::optional<T> m_result;
};

/// For operations that only succeed or fail.
using Done = std::monostate;

} // namespace tq
