// The Job rule: finished() only from the event loop, cancel() drops the result and reaches the
// work in flight, then() is bound to its context; and waiting workers give their pool slot back.
#include "core/protocol/apiclient.h"
#include "core/common/job.h"
#include "core/common/poolwait.h"
#include "core/common/taskjob.h"
#include "core/common/apierrors.h"

#include <QPointer>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace tq;

namespace {

/// Finishes inside start() and records whether it was told to stop.
class ImmediateJob : public Job {
public:
    bool aborted = false;
    bool failInRun = false;

protected:
    void run() override { failInRun ? fail(Error(ApiError::Internal, QStringLiteral("at once"))) : finish(); }
    void abort() override { aborted = true; }
};

/// Never finishes by itself; records abort().
class PendingJob : public Job {
public:
    bool *aborted = nullptr;

protected:
    void run() override {}
    void abort() override { *aborted = true; }
};

} // namespace

class TestJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void finishedIsNeverDeliveredInsideTheCall()
    {
        auto *job = new ImmediateJob;
        job->start();
        QVERIFY(job->isFinished());
        // Connected after start() returned, and still told.
        QSignalSpy spy(job, &Job::finished);
        QCOMPARE(spy.count(), 0);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.count(), 1);
    }

    void failureBeforeAnyoneConnectedIsDelivered()
    {
        auto *job = new ComposedJob;
        job->fail(Error(ApiError::NotFound, QStringLiteral("nothing to do")));
        bool called = false;
        job->then(this, [&called](const Result<void> &outcome) {
            called = true;
            QVERIFY(!outcome);
            QCOMPARE(outcome.error().code, QString::fromLatin1(ApiError::NotFound));
        });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

    void cancelledJobNeverDeliversEvenWhenDecided()
    {
        auto *job = new ImmediateJob;
        QPointer<Job> alive(job);
        bool called = false;
        job->then(this, [&called] { called = true; }); // starts it: the outcome is decided now
        QVERIFY(job->isFinished());
        job->cancel();
        QVERIFY(job->isCancelled());
        QVERIFY(!job->aborted); // nothing was in flight any more
        QTRY_VERIFY(!alive);    // deletes itself like a finished job
        QVERIFY(!called);
    }

    void cancelReachesTheWorkAndTheComposedStep()
    {
        bool aborted = false;
        auto *chain = new ComposedJob;
        auto *step = new PendingJob;
        step->aborted = &aborted;
        QPointer<Job> stepAlive(step);
        bool stepCallback = false, chainCallback = false;
        chain->step(step, this, [&stepCallback] { stepCallback = true; });
        chain->then(this, [&chainCallback] { chainCallback = true; });
        chain->cancel();
        QVERIFY(aborted);
        QVERIFY(step->isCancelled());
        QTRY_VERIFY(!stepAlive);
        // A later finish() of the cancelled chain is ignored.
        QVERIFY(!stepCallback && !chainCallback);
    }

    void stepOfADecidedChainIsCancelled()
    {
        bool aborted = false;
        auto *chain = new ComposedJob;
        chain->finish();
        auto *late = new PendingJob;
        late->aborted = &aborted;
        QPointer<Job> lateAlive(late);
        bool called = false;
        chain->step(late, this, [&called] { called = true; });
        QVERIFY(late->isCancelled());
        QTRY_VERIFY(!lateAlive);
        QVERIFY(!called);
    }

    void continuationIsDroppedWithItsContext()
    {
        auto *job = new ImmediateJob;
        QPointer<Job> alive(job);
        auto *owner = new QObject;
        bool called = false;
        job->then(owner, [&called] { called = true; });
        delete owner; // e.g. the view model went away while the work was on its way
        QTRY_VERIFY(!alive);
        QVERIFY(!called);
    }

    void taskJobResultIsDroppedAfterCancel()
    {
        QSemaphore release;
        auto *job = new TaskJob<int>([&release]() -> Result<int> {
            release.acquire();
            return 42;
        });
        QPointer<Job> alive(job);
        bool called = false;
        job->then(this, [&called] { called = true; });
        job->cancel();
        release.release(); // the work itself completes on its worker
        QTRY_VERIFY(!alive);
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
        QVERIFY(!called);
    }

    void cancelAbortsTheNetworkReply()
    {
        // A server that accepts the request and never answers it.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        ApiClient api(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        ApiJob *job = api.get(QStringLiteral("/health"));
        bool called = false;
        job->then(this, [&called] { called = true; });
        QTRY_VERIFY(silent.hasPendingConnections());
        QTcpSocket *socket = silent.nextPendingConnection();
        QTRY_VERIFY(socket->bytesAvailable() > 0); // the request arrived
        job->cancel();
        QTRY_COMPARE(socket->state(), QAbstractSocket::UnconnectedState); // the device hung up
        QVERIFY(!called);
    }

    void waitingWorkerLeavesItsSlotToOtherWork()
    {
        // With one thread in the pool, the second task can only run while the first waits if
        // the waiting thread gave its slot back; otherwise the wait times out.
        QThreadPool *pool = QThreadPool::globalInstance();
        const int threads = pool->maxThreadCount();
        pool->setMaxThreadCount(1);
        QSemaphore started, answered;
        auto *waiting = new TaskJob<bool>([&started, &answered]() -> Result<bool> {
            started.release();
            return waitWithoutPoolSlot([&answered] { return answered.tryAcquire(1, 10000); });
        });
        waiting->setAutoDelete(false);
        QSignalSpy waited(waiting, &Job::finished);
        waiting->start();
        QVERIFY(started.tryAcquire(1, 10000)); // the only pool thread is now the waiting one
        auto *answering = new TaskJob<Done>([&answered]() -> Result<Done> {
            answered.release();
            return Done{};
        });
        answering->start();
        QVERIFY(waited.wait(15000));
        QVERIFY(!waiting->hasError());
        QVERIFY(waiting->result());
        delete waiting;
        pool->waitForDone();
        pool->setMaxThreadCount(threads);
    }
};

QTEST_GUILESS_MAIN(TestJob)
#include "tst_job.moc"
