// Scan content validation and the canonical binding statement (docs/qr-protocol.md §5, §7).
#include "core/crypto/keypair.h"
#include "core/protocol/binding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tq;

namespace {

const QString Platform = QStringLiteral("C1100005553");
const QString TId = QStringLiteral("C11000055530123456789abcdef0123456789abcdef");
const QString Challenge = QStringLiteral("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");

QByteArray bytes32(char fill)
{
    return QByteArray(32, fill);
}

/// Parses JSON test input written with single quotes, %H standing for the base64 of a 32-byte digest.
QJsonObject json(const QByteArray &text)
{
    return QJsonDocument::fromJson(QByteArray(text).replace('\'', '"').replace("%H", QByteArray(32, '\x01').toBase64()))
        .object();
}

Binding bindingFor(const ScanContent &content)
{
    return Binding{content, Platform, TId, Challenge, QStringLiteral("5A1F"), {}};
}

} // namespace

class TestBinding : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void contentAccepts_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::newRow("login") << json("{'action':'login'}");
        QTest::newRow("encrypt, unknown field ignored") << json("{'action':'encrypt','other':'x'}");
        QTest::newRow("sign data") << json("{'action':'sign','data':'aGVsbG8='}");
        QTest::newRow("sign hashes") << json("{'action':'sign','hashes':[{'key':'h1','algorithm':'sm3','value':'%H'},"
                                             "{'key':'h2','algorithm':'sha256','value':'%H'}]}");
        QTest::newRow("seal document") << json(
            "{'action':'seal','documents':[{'key':'d1','name':'标书.pdf',"
            "'size':1234,'digestAlgorithm':'sm3','digest':'%H','url':'https://p.example.cn/d1.pdf'}]}");
        QTest::newRow("withdraw") << json("{'action':'withdraw_seal','certSn':'5A1F','signOriVal':'%H'}");
        QTest::newRow("decrypt") << json("{'action':'decrypt','encryptInfoList':[{'key':'AH-0001',"
                                         "'caOrgType':'010001','encCertSn':'3300000006474318','encryptStr':'%H'}]}");
        QTest::newRow("message") << json("{'action':'message_sign','message':'同意'}");
    }
    void contentAccepts()
    {
        QFETCH(QJsonObject, input);
        QVERIFY(!input.isEmpty());
        const auto content = ScanContent::fromJson(input);
        QVERIFY2(content, qPrintable(content.ok() ? QString() : content.error().message));
        // What toJson() writes reads back to the same statement.
        const auto again = ScanContent::fromJson(content.value().toJson());
        QVERIFY2(again, qPrintable(again.ok() ? QString() : again.error().message));
        Binding a = bindingFor(content.value());
        Binding b = bindingFor(again.value());
        a.recipientKeyDer = b.recipientKeyDer = "key";
        QCOMPARE(b.statement().value(), a.statement().value());
    }

    void contentRejects_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QByteArray>("field");
        const QByteArray hash = "{'key':'a','algorithm':'sm3','value':'%H'}";
        QTest::newRow("no action") << json("{}") << QByteArray("action");
        QTest::newRow("unknown action") << json("{'action':'pay'}") << QByteArray("action");
        QTest::newRow("content on login") << json("{'action':'login','data':'eA=='}") << QByteArray("data");
        QTest::newRow("sign with nothing") << json("{'action':'sign'}") << QByteArray("data");
        QTest::newRow("sign with two kinds")
            << json("{'action':'sign','data':'eA==','hashes':[" + hash + "]}") << QByteArray("data");
        QTest::newRow("bad base64") << json("{'action':'sign','data':'a*b='}") << QByteArray("data");
        QTest::newRow("unpadded base64") << json("{'action':'sign','data':'aGk'}") << QByteArray("data");
        QTest::newRow("data too big") << json("{'action':'sign','data':'" + QByteArray(32 * 1024 + 1, 'x').toBase64()
                                              + "\"}")
                                      << QByteArray("data");
        QTest::newRow("empty hashes") << json("{'action':'sign','hashes':[]}") << QByteArray("hashes");
        QTest::newRow("short hash") << json("{'action':'sign','hashes':[{'key':'a','algorithm':'sm3','value':'eA=='}]}")
                                    << QByteArray("hashes[0].value");
        QTest::newRow("md5") << json("{'action':'sign','hashes':[{'key':'a','algorithm':'md5','value':'%H'}]}")
                             << QByteArray("hashes[0].algorithm");
        QTest::newRow("bad key") << json("{'action':'sign','hashes':[{'key':'a;b','algorithm':'sm3','value':'%H'}]}")
                                 << QByteArray("hashes[0].key");
        QTest::newRow("duplicate key") << json("{'action':'sign','hashes':[" + hash + "," + hash + "]}")
                                       << QByteArray("hashes[1].key");
        QTest::newRow("document without size")
            << json("{'action':'seal','documents':[{'key':'d','name':'a','digestAlgorithm':'sm3','digest':'%H'}]}")
            << QByteArray("documents[0].size");
        QTest::newRow("document url ftp")
            << json("{'action':'seal','documents':[{'key':'d','name':'a','size':1,'digestAlgorithm':'sm3',"
                    "'digest':'%H','url':'ftp://x/y'}]}")
            << QByteArray("documents[0].url");
        QTest::newRow("withdraw without serial")
            << json("{'action':'withdraw_seal','signOriVal':'%H'}") << QByteArray("certSn");
        // One spelling of a serial (§2): lower case is refused instead of silently upper-cased.
        QTest::newRow("withdraw lower-case serial")
            << json("{'action':'withdraw_seal','certSn':'5a1f','signOriVal':'%H'}") << QByteArray("certSn");
        QTest::newRow("envelope lower-case serial")
            << json("{'action':'decrypt','encryptInfoList':[{'key':'k','caOrgType':'010001','encCertSn':'ab',"
                    "'encryptStr':'%H'}]}")
            << QByteArray("encryptInfoList[0].encCertSn");
        QTest::newRow("envelope caOrgType")
            << json("{'action':'decrypt','encryptInfoList':[{'key':'k','caOrgType':'01','encCertSn':'AB',"
                    "'encryptStr':'%H'}]}")
            << QByteArray("encryptInfoList[0].caOrgType");
        QTest::newRow("blank message") << json("{'action':'message_sign','message':'  '}") << QByteArray("message");
    }
    void contentRejects()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QByteArray, field);
        const auto content = ScanContent::fromJson(input);
        QVERIFY(!content);
        QCOMPARE(content.error().code, QStringLiteral("invalid_request"));
        QCOMPARE(content.error().details.value(QStringLiteral("field")).toString().toLatin1(), field);
    }

    /// The exact bytes of §7, so other implementations can compare.
    void statementGolden()
    {
        ScanContent content;
        content.action = ScanAction::Sign;
        content.hashes = {{QStringLiteral("h1"), DigestAlgorithm::Sm3, bytes32('\x01')},
                          {QStringLiteral("h2"), DigestAlgorithm::Sha256, bytes32('\xff')}};
        const QByteArray expected = "tongqian-binding/1\n"
                                    "action=sign\n"
                                    "platform=C1100005553\n"
                                    "tId=C11000055530123456789abcdef0123456789abcdef\n"
                                    "challenge=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\n"
                                    "certSn=5A1F\n"
                                    "hash=h1;sm3;"
                                    + QByteArray(32, '\x01').toHex()
                                    + "\n"
                                      "hash=h2;sha256;"
                                    + QByteArray(32, '\xff').toHex() + "\n";
        QCOMPARE(bindingFor(content).statement().value(), expected);
    }

    void statementEscapesDocuments()
    {
        ScanContent content;
        content.action = ScanAction::Seal;
        content.documents = {{QStringLiteral("d1"), QStringLiteral("标书;a=b\n.pdf"), 10, DigestAlgorithm::Sm3,
                              bytes32('\x02'), QUrl(QStringLiteral("https://p.example.cn/a?b=1"))}};
        const QByteArray statement = bindingFor(content).statement().value();
        QVERIFY(statement.contains(QByteArray("document=d1;%E6%A0%87%E4%B9%A6%3Ba%3Db%0A.pdf;10;sm3;"
                                              + QByteArray(32, '\x02').toHex()
                                              + ";https%3A%2F%2Fp.example.cn%2Fa%3Fb%3D1\n")));
        QCOMPARE(statement.count('\n'), 7);
    }

    void statementDecrypt()
    {
        ScanContent content;
        content.action = ScanAction::Decrypt;
        content.envelopes = {{QStringLiteral("AH-0001"), QStringLiteral("010001"), QStringLiteral("ab12"), "cipher"}};
        Binding binding = bindingFor(content);
        const auto missing = binding.statement();
        QVERIFY(!missing);
        QCOMPARE(missing.error().details.value(QStringLiteral("field")).toString(), QStringLiteral("recipient"));
        binding.recipientKeyDer = "spki";
        const QByteArray statement = binding.statement().value();
        QVERIFY(statement.contains(QByteArray("recipient=" + digest(DigestAlgorithm::Sha256, "spki").toHex() + "\n")));
        QVERIFY(statement.contains(
            QByteArray("envelope=AH-0001;010001;AB12;" + digest(DigestAlgorithm::Sha256, "cipher").toHex() + "\n")));
    }

    /// Changing any bound field changes the statement.
    void statementBindsEverything()
    {
        ScanContent content;
        content.action = ScanAction::MessageSign;
        content.message = QStringLiteral("同意开标");
        const Binding base = bindingFor(content);
        const QByteArray original = base.statement().value();
        QList<Binding> variants(6, base);
        variants[0].platformCode = QStringLiteral("C1100005554");
        variants[0].tId = QStringLiteral("C1100005554") + TId.mid(11);
        variants[1].tId = TId.left(42) + QStringLiteral("0");
        variants[2].challenge = QStringLiteral("BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");
        variants[3].certSn = QStringLiteral("5A20");
        variants[4].content.message = QStringLiteral("同意开标。");
        variants[5].content.action = ScanAction::Sign;
        for (const Binding &variant : variants) {
            const auto statement = variant.statement();
            QVERIFY2(statement, qPrintable(statement.ok() ? QString() : statement.error().message));
            QVERIFY(statement.value() != original);
        }
    }

    void statementRejectsBadIdentifiers()
    {
        Binding binding = bindingFor(ScanContent{});
        binding.tId = QStringLiteral("C1100005554") + TId.mid(11); // another platform's tId
        QVERIFY(!binding.statement());
        binding = bindingFor(ScanContent{});
        binding.challenge = QStringLiteral("short");
        QVERIFY(!binding.statement());
        binding = bindingFor(ScanContent{});
        binding.certSn = QStringLiteral("5A1F\ncertSn=00");
        QVERIFY(!binding.statement());
    }

    /// A device signature over the statement verifies, and not over a changed one.
    void signatureOverStatement()
    {
        auto key = KeyPair::generate(KeyAlgorithm::Sm2);
        QVERIFY(key);
        ScanContent content;
        content.action = ScanAction::Login;
        const QByteArray statement = bindingFor(content).statement().value();
        const auto signature = key.value().sign(statement);
        QVERIFY(signature);
        QVERIFY(key.value().publicKey().verify(statement, signature.value()));
        QVERIFY(!key.value().publicKey().verify(QByteArray(statement).replace("login", "bind!"), signature.value()));
    }
};

QTEST_GUILESS_MAIN(TestBinding)
#include "tst_binding.moc"
