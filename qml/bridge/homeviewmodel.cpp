#include "homeviewmodel.h"

namespace tq {

HomeViewModel::HomeViewModel(CertificateListModel *certificates, QObject *parent)
    : QObject(parent), m_certificates(certificates)
{
}

void HomeViewModel::setNotice(const QString &notice)
{
    if (notice == m_notice)
        return;
    m_notice = notice;
    Q_EMIT noticeChanged();
}

} // namespace tq
