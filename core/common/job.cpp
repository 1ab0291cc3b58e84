#include "core/common/job.h"

namespace tq {

Job::Job(QObject *parent) : QObject(parent) {}

Job::~Job() = default;

void Job::start()
{
    if (m_started)
        return;
    m_started = true;
    if (!m_finished && !m_cancelled)
        run();
}

void Job::cancel()
{
    if (m_delivered || m_cancelled)
        return;
    m_cancelled = true;
    if (!m_finished)
        abort();
    if (m_autoDelete)
        deleteLater();
}

void Job::finish()
{
    if (m_finished || m_cancelled)
        return;
    m_finished = true;
    // Queued even when the work ended at once, so that whoever holds the job can still connect.
    QMetaObject::invokeMethod(this, &Job::deliver, Qt::QueuedConnection);
}

void Job::fail(Error error)
{
    if (m_finished || m_cancelled)
        return;
    m_error = std::move(error);
    finish();
}

void Job::deliver()
{
    if (m_cancelled || m_delivered)
        return;
    m_delivered = true;
    Q_EMIT finished(this);
    if (m_autoDelete)
        deleteLater();
}

void ComposedJob::abort()
{
    if (m_step)
        m_step->cancel();
}

} // namespace tq
