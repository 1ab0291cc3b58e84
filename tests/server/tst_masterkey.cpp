// MasterKey: the key file rules, sealing bound to its purpose, keyed hashes.
#include "server/keys/masterkey.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tq;
using namespace tq::server;

class TestMasterKey : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void createsOnceAndReloads()
    {
        const QString path = m_dir.filePath(QStringLiteral("created.key"));
        const auto created = MasterKey::loadOrCreate(path);
        QVERIFY(created);
        const auto sealed = created.value().seal("secret", "purpose");
        QVERIFY(sealed);
        QVERIFY(!sealed.value().contains(QLatin1String("secret")));
        QVERIFY(!QByteArray::fromBase64(sealed.value().toLatin1()).contains("secret"));

        const auto loaded = MasterKey::load(path);
        QVERIFY(loaded);
        const auto opened = loaded.value().open(sealed.value(), "purpose");
        QVERIFY(opened);
        QCOMPARE(opened.value().view(), QByteArrayView("secret"));
        QCOMPARE(loaded.value().keyedHash("h", "data"), created.value().keyedHash("h", "data"));
        QCOMPARE(MasterKey::loadOrCreate(path).value().keyedHash("h", "data"), created.value().keyedHash("h", "data"));
    }

    void sealingIsBoundToItsPurposeAndKey()
    {
        const auto key = MasterKey::loadOrCreate(m_dir.filePath(QStringLiteral("a.key")));
        const auto other = MasterKey::loadOrCreate(m_dir.filePath(QStringLiteral("b.key")));
        QVERIFY(key && other);
        const auto sealed = key.value().seal("secret", "identities.id_number");
        QVERIFY(sealed);
        QVERIFY(!key.value().open(sealed.value(), "kmc_escrow.key"));
        QVERIFY(!other.value().open(sealed.value(), "identities.id_number"));
        QVERIFY(key.value().seal("secret", "p").value() != key.value().seal("secret", "p").value()); // fresh nonces
    }

    void keyedHashesDependOnKeyPurposeAndData()
    {
        const auto key = MasterKey::loadOrCreate(m_dir.filePath(QStringLiteral("a.key")));
        const auto other = MasterKey::loadOrCreate(m_dir.filePath(QStringLiteral("b.key")));
        QVERIFY(key && other);
        const QByteArray hash = key.value().keyedHash("lookup", "11010519491231002X");
        QCOMPARE(hash.size(), 32);
        QVERIFY(hash != other.value().keyedHash("lookup", "11010519491231002X"));
        QVERIFY(hash != key.value().keyedHash("pseudonym", "11010519491231002X"));
        QVERIFY(hash != key.value().keyedHash("lookup", "110101199003071233"));
        // The separator keeps (purpose, data) pairs apart that concatenate to the same bytes.
        QVERIFY(key.value().keyedHash("ab", "c") != key.value().keyedHash("a", "bc"));
    }

    void refusesBadKeyFiles_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("empty") << 0;
        QTest::newRow("31 bytes") << 31;
        QTest::newRow("33 bytes") << 33;
    }
    void refusesBadKeyFiles()
    {
        QFETCH(int, size);
        const QString path = m_dir.filePath(QStringLiteral("bad-%1.key").arg(size));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(size, 'k'));
        file.close();
        const auto loaded = MasterKey::loadOrCreate(path);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.contains(QStringLiteral("exactly 32 bytes")),
                 qPrintable(loaded.error().message));
        QVERIFY(!MasterKey::load(m_dir.filePath(QStringLiteral("missing.key"))));
    }
};

QTEST_GUILESS_MAIN(TestMasterKey)
#include "tst_masterkey.moc"
