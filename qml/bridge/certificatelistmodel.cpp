#include "certificatelistmodel.h"

#include "certificatefacts.h"
#include "core/common/clock.h"
#include "core/common/errortext.h"

namespace tq {

CertificateListModel::CertificateListModel(CertificateService *service, QObject *parent)
    : QAbstractListModel(parent), m_service(service)
{
    const QVariantMap sample = certificateFacts({}, {});
    for (const QString &key : sample.keys())
        m_roles.append(key.toUtf8());
    connect(service, &CertificateService::installedChanged, this, &CertificateListModel::reload);
    reload();
}

int CertificateListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CertificateListModel::data(const QModelIndex &index, int role) const
{
    const int column = role - Qt::UserRole;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || column < 0 || column >= m_roles.size())
        return {};
    return m_rows.at(index.row()).value(QString::fromUtf8(m_roles.at(column)));
}

QHash<int, QByteArray> CertificateListModel::roleNames() const
{
    QHash<int, QByteArray> names;
    for (qsizetype i = 0; i < m_roles.size(); ++i)
        names.insert(Qt::UserRole + int(i), m_roles.at(i));
    return names;
}

void CertificateListModel::setFilter(Filter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    Q_EMIT filterChanged();
    reload();
}

void CertificateListModel::reload()
{
    const QDateTime now = Clock::now();
    // Newest pair first, and within a pair the signing certificate before the encryption one.
    QList<CertificateRecord> ordered;
    QStringList pairs;
    for (const CertificateRecord &record : m_service->installed()) {
        if (!pairs.contains(record.pairId)) {
            pairs.append(record.pairId);
            ordered.append(m_service->pair(record.pairId));
        }
    }
    QList<QVariantMap> rows;
    int valid = 0;
    for (const CertificateRecord &record : std::as_const(ordered)) {
        const bool isValid = record.isValidAt(now);
        valid += isValid;
        if (isValid == (m_filter == Filter::Valid))
            rows.append(certificateFacts(record, now));
    }
    beginResetModel();
    m_rows = rows;
    m_validCount = valid;
    m_invalidCount = int(m_service->installed().size()) - valid;
    endResetModel();
    Q_EMIT countsChanged();
}

void CertificateListModel::refresh()
{
    if (m_busy)
        return;
    m_busy = true;
    m_errorMessage.clear();
    Q_EMIT busyChanged();
    Q_EMIT messageChanged();
    Job *job = m_service->refresh();
    connect(job, &Job::finished, this, [this, job] {
        m_busy = false;
        if (job->hasError())
            m_errorMessage = userMessage(job->error());
        Q_EMIT busyChanged();
        Q_EMIT messageChanged();
        reload(); // expiry is judged locally, so even an unchanged index may list differently now
    });
}

void CertificateListModel::setNotice(const QString &notice)
{
    m_notice = notice;
    Q_EMIT messageChanged();
}

void CertificateListModel::reset()
{
    m_errorMessage.clear();
    m_notice.clear();
    Q_EMIT messageChanged();
    setFilter(Filter::Valid);
}

} // namespace tq
