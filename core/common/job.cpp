#include "core/common/job.h"

namespace tq {

Job::Job(QObject *parent) : QObject(parent) {}

Job::~Job() = default;

void Job::start()
{
    if (m_started)
        return;
    m_started = true;
    run();
}

void Job::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(this);
    if (m_autoDelete)
        deleteLater();
}

void Job::fail(Error error)
{
    if (m_finished)
        return;
    m_error = std::move(error);
    finish();
}

void ComposedJob::failLater(Error error)
{
    QMetaObject::invokeMethod(this, [this, error = std::move(error)] { fail(error); }, Qt::QueuedConnection);
}

} // namespace tq
