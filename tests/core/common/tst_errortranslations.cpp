#include "core/common/errortext.h"
#include "errortexts.h"

#include <QFile>
#include <QHash>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace tq;

namespace {

/// The finished translations of a Qt Linguist .ts file by (context, source text); a numerus
/// message maps to the text of all its forms. Unfinished, vanished and obsolete ones are left out.
QHash<QPair<QString, QString>, QString> readTs(const QString &path)
{
    QHash<QPair<QString, QString>, QString> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&file);
    QString context, source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const bool finished = !xml.attributes().hasAttribute(QLatin1String("type"));
            const QString translation = xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            if (finished && !translation.isEmpty())
                out.insert({context, source}, translation);
        }
    }
    return out;
}

/// Records every (context, source text) the code under test asks for and answers from a .ts.
class RecordingTranslator : public QTranslator {
public:
    explicit RecordingTranslator(QHash<QPair<QString, QString>, QString> translations)
        : m_translations(std::move(translations)) {}

    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        const QPair<QString, QString> key{QString::fromUtf8(context), QString::fromUtf8(sourceText)};
        asked.append(key);
        return m_translations.value(key);
    }
    bool isEmpty() const override { return false; }
    bool has(const QPair<QString, QString> &key) const { return m_translations.contains(key); }

    mutable QList<QPair<QString, QString>> asked;

private:
    QHash<QPair<QString, QString>, QString> m_translations;
};

} // namespace

/// Every sentence userMessage() can give for a declared code has a finished zh_CN translation
/// in translations/tongqian_zh_CN.ts (TONGQIAN_ZH_CN_TS names another file, e.g. a freshly
/// regenerated one before it is committed).
class TestErrorTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString path = qEnvironmentVariableIsSet("TONGQIAN_ZH_CN_TS")
            ? qEnvironmentVariable("TONGQIAN_ZH_CN_TS")
            : QStringLiteral(TONGQIAN_ZH_CN_TS);
        auto translations = readTs(path);
        QVERIFY2(!translations.isEmpty(), qPrintable(path));
        m_translator = std::make_unique<RecordingTranslator>(std::move(translations));
        QVERIFY2(QCoreApplication::installTranslator(m_translator.get()), qPrintable(path));
    }

    void everySentenceIsTranslated_data()
    {
        QTest::addColumn<QString>("code");
        for (const auto &declared : testing::declaredCodes())
            QTest::newRow(declared.row.constData()) << declared.code;
        QTest::newRow("unknown code") << QStringLiteral("no_such_code");
    }
    void everySentenceIsTranslated()
    {
        QFETCH(QString, code);
        for (const QVariantMap &details : testing::detailVariants()) {
            m_translator->asked.clear();
            const QString text = userMessage(Error(code, QString(), details));
            QVERIFY2(!m_translator->asked.isEmpty(), "the sentence is not looked up in a translator");
            for (const auto &[context, source] : std::as_const(m_translator->asked)) {
                QVERIFY2(m_translator->has({context, source}),
                         qPrintable(QStringLiteral("no zh_CN translation for [%1] %2").arg(context, source)));
            }
            QVERIFY(!text.isEmpty());
        }
    }

private:
    std::unique_ptr<RecordingTranslator> m_translator;
};

QTEST_GUILESS_MAIN(TestErrorTranslations)
#include "tst_errortranslations.moc"
