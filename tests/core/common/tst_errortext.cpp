#include "core/common/apierrors.h"
#include "core/common/errortext.h"
#include "core/crypto/certificateerrors.h"
#include "core/protocol/accounterrors.h"
#include "core/validators/validationerrors.h"
#include "errortexts.h"

#include <QSet>
#include <QtTest>

using namespace tq;

/// userMessage() over every code each domain declares: a sentence of its own, in English when
/// no translator is installed, that never repeats the developer detail in Error::message.
class TestErrorText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyCodeHasItsOwnSentence_data()
    {
        QTest::addColumn<QString>("code");
        for (const auto &declared : testing::declaredCodes())
            QTest::newRow(declared.row.constData()) << declared.code;
    }
    void everyCodeHasItsOwnSentence()
    {
        QFETCH(QString, code);
        const QString generic = userMessage(Error(QStringLiteral("no_such_code"), QString()));
        const QString detail = QStringLiteral("developer detail 4711");
        for (const QVariantMap &details : testing::detailVariants()) {
            const QString text = userMessage(Error(code, detail, details));
            QVERIFY2(!text.trimmed().isEmpty(), qPrintable(code));
            QVERIFY2(text != generic, qPrintable(code));
            QVERIFY2(!text.contains(detail), qPrintable(text));
            QVERIFY2(text.endsWith(u'.'), qPrintable(text));
        }
    }

    /// A code belongs to exactly one domain, else dispatch would depend on the order of domains.
    void codesAreUniqueAcrossDomains()
    {
        QSet<QString> seen;
        const auto codes = testing::declaredCodes();
        QVERIFY(codes.size() >= 46); // the codes of the former global list; fewer means a domain is missing
        for (const auto &declared : codes) {
            QVERIFY2(!seen.contains(declared.code), declared.row.constData());
            seen.insert(declared.code);
        }
    }

    /// An unknown code still says what to do, and the detail stays out of it.
    void unknownCodeGetsGenericSentence()
    {
        const QString generic = userMessage(Error(QStringLiteral("no_such_code"), QStringLiteral("secret detail")));
        QVERIFY(generic.contains(QStringLiteral("Try again")));
        QVERIFY(!generic.contains(QStringLiteral("secret detail")));
        QCOMPARE(userMessage(Error()), generic);
    }

    void detailsFillTheSentence()
    {
        const Error locked(AccountError::AccountLocked, {}, {{QStringLiteral("retryAfter"), 14 * 60 + 5}});
        QVERIFY(userMessage(locked).contains(QStringLiteral("15 minute")));
        const Error wrongPin(CertificateError::WrongPin, {}, {{QStringLiteral("attemptsLeft"), 2}});
        QVERIFY(userMessage(wrongPin).contains(QStringLiteral("2 attempt")));
        const Error policy(CertificateError::InvalidPin, {},
                           {{QStringLiteral("minLength"), 6}, {QStringLiteral("maxLength"), 8},
                            {QStringLiteral("digitsOnly"), true}});
        QVERIFY(userMessage(policy).contains(QStringLiteral("6–8 digits")));
        const Error weak(ValidationError::InvalidPassword, {}, {{QStringLiteral("rule"), QStringLiteral("no_digit")}});
        QCOMPARE(userMessage(weak), passwordProblem(QStringLiteral("NoDigitsHere")));
    }
};

QTEST_GUILESS_MAIN(TestErrorText)
#include "tst_errortext.moc"
