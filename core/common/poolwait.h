#pragma once

#include <QScopeGuard>
#include <QThread>
#include <QThreadPool>

namespace tq {

/// For a worker that must block until another thread answers (a bridge to an object living on
/// the GUI thread, such as the network client or the system keychain): while `wait()` runs, a
/// thread of the global pool gives its slot back (QThreadPool::releaseThread), so threads that
/// only wait never starve the pool's real work (frame decoding, the KDF). Outside the global
/// pool it simply calls `wait()`. Returns what `wait()` returns. Any thread.
template <typename Wait>
auto waitWithoutPoolSlot(Wait &&wait) -> decltype(wait())
{
    QThreadPool *pool = QThreadPool::globalInstance();
    const bool inPool = pool->contains(QThread::currentThread());
    if (inPool)
        pool->releaseThread();
    const auto takeBack = qScopeGuard([pool, inPool] {
        if (inPool)
            pool->reserveThread();
    });
    return wait();
}

} // namespace tq
