#include "core/validators/rules.h"
#include "core/validators/validationerrors.h"
#include "core/validators/validators.h"

#include <QTest>

using namespace tq;

class TestValidators : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mobileNumber_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("state");
        QTest::newRow("empty") << QString() << int(QValidator::Intermediate);
        QTest::newRow("prefix") << QStringLiteral("138") << int(QValidator::Intermediate);
        QTest::newRow("valid 138") << QStringLiteral("13800138000") << int(QValidator::Acceptable);
        QTest::newRow("valid 199") << QStringLiteral("19912345678") << int(QValidator::Acceptable);
        QTest::newRow("starts with 2") << QStringLiteral("23800138000") << int(QValidator::Invalid);
        QTest::newRow("second digit 2") << QStringLiteral("12800138000") << int(QValidator::Invalid);
        QTest::newRow("second digit 0") << QStringLiteral("10") << int(QValidator::Invalid);
        QTest::newRow("12 digits") << QStringLiteral("138001380001") << int(QValidator::Invalid);
        QTest::newRow("letter") << QStringLiteral("1380013800a") << int(QValidator::Invalid);
        QTest::newRow("space") << QStringLiteral("138 0013 800") << int(QValidator::Invalid);
        QTest::newRow("plus86") << QStringLiteral("+8613800138000") << int(QValidator::Invalid);
        QTest::newRow("full-width digits") << QStringLiteral("１３８００１３８０００") << int(QValidator::Invalid);
    }
    void mobileNumber()
    {
        QFETCH(QString, input);
        QFETCH(int, state);
        MobileNumberValidator v;
        int pos = 0;
        QCOMPARE(int(v.validate(input, pos)), state);
        QCOMPARE(rules::isMobileNumber(input), state == QValidator::Acceptable);
    }

    void smsCode_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("state");
        QTest::newRow("empty") << QString() << int(QValidator::Intermediate);
        QTest::newRow("partial") << QStringLiteral("123") << int(QValidator::Intermediate);
        QTest::newRow("six") << QStringLiteral("012345") << int(QValidator::Acceptable);
        QTest::newRow("seven") << QStringLiteral("0123456") << int(QValidator::Invalid);
        QTest::newRow("letter") << QStringLiteral("12a456") << int(QValidator::Invalid);
    }
    void smsCode()
    {
        QFETCH(QString, input);
        QFETCH(int, state);
        SmsCodeValidator v;
        int pos = 0;
        QCOMPARE(int(v.validate(input, pos)), state);
        QCOMPARE(rules::isSmsCode(input), state == QValidator::Acceptable);
    }

    void pin_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("state");
        QTest::newRow("empty") << QString() << int(QValidator::Intermediate);
        QTest::newRow("partial") << QStringLiteral("123") << int(QValidator::Intermediate);
        QTest::newRow("six") << QStringLiteral("012345") << int(QValidator::Acceptable);
        QTest::newRow("seven") << QStringLiteral("0123456") << int(QValidator::Invalid);
        QTest::newRow("letter") << QStringLiteral("12a456") << int(QValidator::Invalid);
        QTest::newRow("full-width digit") << QStringLiteral("12345６") << int(QValidator::Invalid);
    }
    void pin()
    {
        QFETCH(QString, input);
        QFETCH(int, state);
        PinValidator v;
        int pos = 0;
        QCOMPARE(int(v.validate(input, pos)), state);
    }

    void mainlandIdNumber_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        // 11010519491231002X is the worked example of GB 11643-1999; the others were computed with it.
        QTest::newRow("standard example, X") << QStringLiteral("11010519491231002X") << true;
        QTest::newRow("lower-case x") << QStringLiteral("11010519491231002x") << true;
        QTest::newRow("digit check") << QStringLiteral("110101199003071233") << true;
        QTest::newRow("another") << QStringLiteral("440304198511205674") << true;
        QTest::newRow("wrong check digit") << QStringLiteral("110101199003071234") << false;
        QTest::newRow("X where a digit belongs") << QStringLiteral("11010119900307123X") << false;
        QTest::newRow("transposed digits") << QStringLiteral("110101199003071323") << false;
        QTest::newRow("17 characters") << QStringLiteral("11010119900307123") << false;
        QTest::newRow("19 characters") << QStringLiteral("1101011990030712330") << false;
        QTest::newRow("15-digit old form") << QStringLiteral("110105491231002") << false;
        QTest::newRow("letter inside") << QStringLiteral("1101011990A3071233") << false;
        QTest::newRow("February 30") << QStringLiteral("110101199002301236") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void mainlandIdNumber()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QCOMPARE(rules::isMainlandIdNumber(input), valid);
    }

    void platformCode_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::newRow("example code") << QStringLiteral("C1100005553") << true;
        QTest::newRow("national example") << QStringLiteral("M1100000034") << true;
        QTest::newRow("lower-case letter") << QStringLiteral("c1100005553") << false;
        QTest::newRow("10 characters") << QStringLiteral("C110000555") << false;
        QTest::newRow("12 characters") << QStringLiteral("C11000055530") << false;
        QTest::newRow("two letters") << QStringLiteral("CC100005553") << false;
        QTest::newRow("digit first") << QStringLiteral("11100005553") << false;
        QTest::newRow("full-width digit") << QStringLiteral("C110000555\uFF13") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void platformCode()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QCOMPARE(rules::isPlatformCode(input), valid);
    }

    void password_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("issue");
        QTest::addColumn<int>("state");
        using I = rules::PasswordIssue;
        QTest::newRow("good") << QStringLiteral("Abcdefg1") << int(I::None) << int(QValidator::Acceptable);
        QTest::newRow("good 16 with symbol") << QStringLiteral("Abcdefg1!@#$%^&*") << int(I::None)
                                             << int(QValidator::Acceptable);
        QTest::newRow("7 chars") << QStringLiteral("Abcdef1") << int(I::TooShort) << int(QValidator::Intermediate);
        QTest::newRow("17 chars") << QStringLiteral("Abcdefgh12345678x") << int(I::TooLong)
                                  << int(QValidator::Invalid);
        QTest::newRow("no upper") << QStringLiteral("abcdefg1") << int(I::NoUppercase)
                                  << int(QValidator::Intermediate);
        QTest::newRow("no lower") << QStringLiteral("ABCDEFG1") << int(I::NoLowercase)
                                  << int(QValidator::Intermediate);
        QTest::newRow("no digit") << QStringLiteral("Abcdefgh") << int(I::NoDigit) << int(QValidator::Intermediate);
        QTest::newRow("space") << QStringLiteral("Abc defg1") << int(I::BadCharacter) << int(QValidator::Invalid);
        QTest::newRow("cjk") << QStringLiteral("Abcdefg1密码") << int(I::BadCharacter) << int(QValidator::Invalid);
        QTest::newRow("empty") << QString() << int(I::TooShort) << int(QValidator::Intermediate);
    }
    void password()
    {
        QFETCH(QString, input);
        QFETCH(int, issue);
        QFETCH(int, state);
        QCOMPARE(int(rules::checkPassword(input)), issue);
        PasswordValidator v;
        int pos = 0;
        QCOMPARE(int(v.validate(input, pos)), state);
    }

    void idNumberValidator_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("normalised");
        QTest::newRow("partial") << QStringLiteral("1101") << int(QValidator::Intermediate) << QStringLiteral("1101");
        QTest::newRow("valid X") << QStringLiteral("11010519491231002X") << int(QValidator::Acceptable)
                                 << QStringLiteral("11010519491231002X");
        QTest::newRow("lower-case x") << QStringLiteral("11010519491231002x") << int(QValidator::Acceptable)
                                      << QStringLiteral("11010519491231002X");
        QTest::newRow("valid digit") << QStringLiteral("440304199001011233") << int(QValidator::Acceptable)
                                     << QStringLiteral("440304199001011233");
        QTest::newRow("wrong check, still editable") << QStringLiteral("440304199001011234")
                                                     << int(QValidator::Intermediate)
                                                     << QStringLiteral("440304199001011234");
        QTest::newRow("19 chars") << QStringLiteral("4403041990010112331") << int(QValidator::Invalid)
                                  << QStringLiteral("4403041990010112331");
        QTest::newRow("letter inside") << QStringLiteral("4403A4") << int(QValidator::Invalid)
                                       << QStringLiteral("4403A4");
    }
    void idNumberValidator()
    {
        QFETCH(QString, input);
        QFETCH(int, state);
        QFETCH(QString, normalised);
        IdNumberValidator v;
        int pos = 0;
        QCOMPARE(int(v.validate(input, pos)), state);
        QCOMPARE(input, normalised);
    }

    // Review finding (issue 14): names took NUL, right-to-left overrides, zero-width and lone
    // surrogate characters into certificate subjects.
    void personName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("accepted");
        const auto with = [](char16_t c) -> QString { return QStringLiteral("张") + QChar(c) + QStringLiteral("三"); };
        QTest::newRow("Han") << QStringLiteral("张三") << true;
        QTest::newRow("minority name with middle dot") << QStringLiteral("阿依古丽·买买提") << true;
        QTest::newRow("bullet for the middle dot") << QStringLiteral("阿依古丽•买买提") << true;
        QTest::newRow("supplementary-plane Han") << QStringLiteral("张\U00020000") << true;
        QTest::newRow("Latin with a space") << QStringLiteral("Test Mismatch") << true;
        QTest::newRow("one character") << QStringLiteral("张") << false;
        QTest::newRow("digit") << QStringLiteral("张三1") << false;
        QTest::newRow("NUL") << with(0x0000) << false;
        QTest::newRow("tab") << with(0x0009) << false;
        QTest::newRow("right-to-left override") << with(0x202E) << false;
        QTest::newRow("zero-width space") << with(0x200B) << false;
        QTest::newRow("zero-width joiner") << with(0x200D) << false;
        QTest::newRow("byte order mark") << with(0xFEFF) << false;
        QTest::newRow("lone high surrogate") << with(0xD800) << false;
        QTest::newRow("lone low surrogate") << with(0xDC00) << false;
        QTest::newRow("line separator") << with(0x2028) << false;
        QTest::newRow("paragraph separator") << with(0x2029) << false;
        QTest::newRow("private use") << with(0xE000) << false;
        QTest::newRow("unassigned") << with(0x0378) << false;
    }
    void personName()
    {
        QFETCH(QString, name);
        QFETCH(bool, accepted);
        QCOMPARE(personNameProblem(name).isEmpty(), accepted);
    }

    void normalizedPersonName_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalised");
        const QString dotted = QStringLiteral("阿依古丽") + QChar(0x00B7) + QStringLiteral("买买提");
        for (const char16_t lookAlike : {0x2022, 0x2027, 0x2219, 0x22C5, 0x30FB, 0xFF0E, 0xFF65})
            QTest::addRow("U+%04X", unsigned(lookAlike))
                << QStringLiteral("阿依古丽") + QChar(lookAlike) + QStringLiteral("买买提") << dotted;
        QTest::newRow("middle dot kept") << dotted << dotted;
        QTest::newRow("Greek ano teleia is NFC's middle dot")
            << QStringLiteral("阿依古丽") + QChar(0x0387) + QStringLiteral("买买提") << dotted;
        QTest::newRow("trimmed") << QStringLiteral(" 张三\u3000") << QStringLiteral("张三");
        QTest::newRow("NFC") << QStringLiteral("Jose\u0301") << QStringLiteral("Jos\u00E9");
    }
    void normalizedPersonName()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalised);
        QCOMPARE(rules::normalizedPersonName(input), normalised);
        QCOMPARE(rules::checkPersonName(rules::normalizedPersonName(input)), rules::PersonNameIssue::None);
    }
};

QTEST_GUILESS_MAIN(TestValidators)
#include "tst_validators.moc"
