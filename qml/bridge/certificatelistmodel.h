#pragma once

#include "core/certificates/certificateservice.h"

#include <QAbstractListModel>
#include <QQmlEngine>

namespace tq {

/// The certificates installed on this device, one row per certificate, filtered to the
/// valid ones or to the invalid ones (expired or revoked, 无效证书). Roles are the keys of
/// certificateFacts(). Follows CertificateService::installedChanged(); refresh() asks the server
/// for the current status. GUI thread only; the service must outlive the model.
class CertificateListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(Filter filter READ filter WRITE setFilter NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countsChanged)
    Q_PROPERTY(int validCount READ validCount NOTIFY countsChanged)
    Q_PROPERTY(int invalidCount READ invalidCount NOTIFY countsChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY messageChanged)
    Q_PROPERTY(QString notice READ notice NOTIFY messageChanged)
public:
    enum class Filter { Valid, Invalid };
    Q_ENUM(Filter)

    CertificateListModel(CertificateService *service, QObject *parent);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    int count() const { return int(m_rows.size()); }
    int validCount() const { return m_validCount; }
    int invalidCount() const { return m_invalidCount; }
    bool busy() const { return m_busy; }
    QString errorMessage() const { return m_errorMessage; }
    QString notice() const { return m_notice; }
    void setNotice(const QString &notice);

    /// Takes over the server's status of every certificate (revoked elsewhere, say).
    Q_INVOKABLE void refresh();
    /// Re-reads the installed certificates, e.g. after a certificate expired.
    Q_INVOKABLE void reload();
    /// Clears messages and shows the valid certificates again (the user left the area).
    Q_INVOKABLE void reset();

Q_SIGNALS:
    void filterChanged();
    void countsChanged();
    void busyChanged();
    void messageChanged();

private:
    CertificateService *m_service;
    Filter m_filter = Filter::Valid;
    QList<QVariantMap> m_rows;
    QList<QByteArray> m_roles;
    int m_validCount = 0;
    int m_invalidCount = 0;
    bool m_busy = false;
    QString m_errorMessage;
    QString m_notice;
};

} // namespace tq
