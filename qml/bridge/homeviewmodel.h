#pragma once

#include "certificatelistmodel.h"

#include <QObject>
#include <QQmlEngine>

namespace tq {

/// The home page: a one-line notice (e.g. after real-name verification) and the certificates
/// summary, read from the certificates area's list. Does not own `certificates`; GUI thread only.
class HomeViewModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Made by the router.")
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    Q_PROPERTY(tq::CertificateListModel *certificates READ certificates CONSTANT)
public:
    HomeViewModel(CertificateListModel *certificates, QObject *parent);

    QString notice() const { return m_notice; }
    void setNotice(const QString &notice);
    CertificateListModel *certificates() const { return m_certificates; }

Q_SIGNALS:
    void noticeChanged();

private:
    CertificateListModel *m_certificates;
    QString m_notice;
};

} // namespace tq
