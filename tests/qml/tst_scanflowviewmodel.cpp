// The scan flow's view model against the real server, without QML: work still in flight when
// the user goes back to the scanner is cancelled, and its late answer changes nothing.
#include "scanflowviewmodel.h"

#include "core/crypto/digest.h"
#include "core/keys/pinmemory.h"
#include "testparties.h"

#include <QJsonArray>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace tq;
using namespace tq::test;

class TestScanFlowViewModel : public QObject {
    Q_OBJECT
private:
    TestBackend m_backend;
    QTcpServer m_documents; ///< the platform's file server, answering only when the test says so
    std::unique_ptr<TestDevice> m_device;
    std::unique_ptr<TestPlatform> m_platform;
    const QByteArray m_document = "Tender document: 1,000 desks, delivery 2027-03.";

    QString documentOrigin() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_documents.serverPort()); }

    QJsonObject sealRequest() const
    {
        return {{QStringLiteral("action"), QStringLiteral("seal")},
                {QStringLiteral("documents"),
                 QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("d1")},
                                        {QStringLiteral("name"), QStringLiteral("tender.txt")},
                                        {QStringLiteral("size"), qint64(m_document.size())},
                                        {QStringLiteral("digestAlgorithm"), QStringLiteral("sm3")},
                                        {QStringLiteral("digest"), QString::fromLatin1(sm3(m_document).toBase64())},
                                        {QStringLiteral("url"), QString(documentOrigin() + QStringLiteral("/tender.txt"))}}}}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
        QVERIFY(m_documents.listen(QHostAddress::LocalHost));
        m_device = TestDevice::create(m_backend);
        QVERIFY(m_device);
        QVERIFY(m_device->applyFor(KeyAlgorithm::Sm2, "123456"));
        m_platform = TestPlatform::create(m_backend, QStringLiteral("C1100005553"), documentOrigin());
        QVERIFY(m_platform);
    }

    void lateAnswerAfterResetChangesNothing()
    {
        PinMemory pins;
        ScanFlowViewModel vm(m_device->transactions, &pins, nullptr);
        const QJsonObject created = m_platform->createTransaction(sealRequest());
        QVERIFY(!created.isEmpty());

        vm.handleScan(created.value(u"qrContent").toString());
        QCOMPARE(vm.state(), ScanFlowViewModel::State::Opening);
        // The code is claimed; the device now fetches the document, whose answer is held back.
        QTRY_VERIFY(m_documents.hasPendingConnections());
        QTcpSocket *socket = m_documents.nextPendingConnection();
        QTRY_VERIFY(socket->bytesAvailable() > 0);
        QCOMPARE(vm.state(), ScanFlowViewModel::State::Opening);
        QVERIFY(vm.busy());

        vm.reset(); // the user goes back to the scanner
        QCOMPARE(vm.state(), ScanFlowViewModel::State::Scanning);
        QVERIFY(!vm.busy());

        // The answer comes late, complete and correct.
        socket->readAll();
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                      + QByteArray::number(m_document.size()) + "\r\n\r\n" + m_document);
        // The device had hung up (the download was cancelled with the flow) ...
        QTRY_COMPARE(socket->state(), QAbstractSocket::UnconnectedState);
        // ... and nothing of the abandoned request reached the view model.
        QCOMPARE(vm.state(), ScanFlowViewModel::State::Scanning);
        QVERIFY(vm.transactionId().isEmpty());
        QVERIFY(vm.errorMessage().isEmpty());

        // The next code is opened as usual.
        const QJsonObject next = m_platform->createTransaction({{QStringLiteral("action"), QStringLiteral("login")}});
        QVERIFY(!next.isEmpty());
        vm.handleScan(next.value(u"qrContent").toString());
        QTRY_COMPARE(vm.state(), ScanFlowViewModel::State::Confirm);
        QCOMPARE(vm.transactionId(), next.value(u"tId").toString());
    }
};

QTEST_GUILESS_MAIN(TestScanFlowViewModel)
#include "tst_scanflowviewmodel.moc"
