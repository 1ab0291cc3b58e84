#include "scanreportmodel.h"

#include "scanflowviewmodel.h"

#include "core/common/errortext.h"

#include <QLocale>

namespace tq {

ScanReportModel::ScanReportModel(TransactionService *transactions, QObject *parent)
    : QAbstractListModel(parent), m_transactions(transactions)
{
}

int ScanReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

QVariant ScanReportModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_reports.size())
        return {};
    const ScanReport &r = m_reports.at(index.row());
    switch (role) {
    case TitleRole: {
        const auto action = scanActionFromName(r.action);
        return action ? scanActionTitle(*action) : r.action;
    }
    case PlatformRole:
        return tr("%1 (%2)").arg(r.platformName, r.platformCode);
    case CertificateRole:
        return r.certSn.isEmpty() ? tr("No certificate used") : tr("Certificate %1").arg(r.certSn);
    case TimeRole:
        return QLocale().toString(r.createdAt.toLocalTime(), QLocale::ShortFormat);
    case StatusRole:
        if (r.status == u"completed")
            return tr("Completed");
        if (r.status == u"rejected")
            return r.reason.isEmpty() ? tr("Rejected") : tr("Rejected: %1").arg(r.reason);
        if (r.status == u"expired")
            return tr("Expired");
        return tr("Not finished");
    case TransactionRole:
        return r.tId;
    }
    return {};
}

QHash<int, QByteArray> ScanReportModel::roleNames() const
{
    return {{TitleRole, "title"},         {PlatformRole, "platform"}, {CertificateRole, "certificate"},
            {TimeRole, "time"},           {StatusRole, "status"},     {TransactionRole, "transactionId"}};
}

void ScanReportModel::setSearch(const QString &search)
{
    if (m_search == search)
        return;
    m_search = search;
    Q_EMIT searchChanged();
    refresh();
}

void ScanReportModel::refresh()
{
    // Typing fast starts one request at a time; the newest filter is loaded when it returns.
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_errorMessage.clear();
    Q_EMIT busyChanged();
    auto *job = m_transactions->reports(m_search);
    connect(job, &Job::finished, this, [this, job] {
        m_busy = false;
        if (job->hasError()) {
            m_errorMessage = userMessage(job->error());
        } else {
            beginResetModel();
            m_reports = job->result();
            endResetModel();
            Q_EMIT countChanged();
        }
        Q_EMIT busyChanged();
        if (std::exchange(m_again, false))
            refresh();
    });
}

} // namespace tq
