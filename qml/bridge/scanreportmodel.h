#pragma once

#include "core/transactions/transactionservice.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace tq {

/// Scan reports: what was done, on which platform, with which certificate, when,
/// and how it ended; searchable. GUI thread only.
class ScanReportModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Provided by App")
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY searchChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorMessage READ errorMessage NOTIFY busyChanged)
public:
    enum Role { TitleRole = Qt::UserRole + 1, PlatformRole, CertificateRole, TimeRole, StatusRole, TransactionRole };

    ScanReportModel(TransactionService *transactions, QObject *parent);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString search() const { return m_search; }
    /// Sets the filter and reloads.
    void setSearch(const QString &search);
    bool busy() const { return m_busy; }
    QString errorMessage() const { return m_errorMessage; }

    /// Loads the reports from the server.
    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void searchChanged();
    void countChanged();
    void busyChanged();

private:
    TransactionService *m_transactions;
    QList<ScanReport> m_reports;
    QString m_search;
    bool m_busy = false;
    bool m_again = false;
    QString m_errorMessage;
};

} // namespace tq
