// PinMemory: remember-PIN is off by default, bounded in time, and forgets on every path.
#include "core/keys/pinmemory.h"

#include <QSignalSpy>
#include <QTest>

using namespace tq;
using namespace std::chrono_literals;

namespace {
SecureBytes pin(const char *digits)
{
    return SecureBytes(QByteArray(digits));
}
} // namespace

class TestPinMemory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void offByDefaultKeepsNothing()
    {
        PinMemory memory;
        QVERIFY(!memory.isEnabled());
        memory.remember(QStringLiteral("pair"), pin("123456"));
        QVERIFY(!memory.recall(QStringLiteral("pair")));
        QCOMPARE(memory.secondsLeft(QStringLiteral("pair")), 0);
    }

    void recallsACopyUntilTheDeadline()
    {
        PinMemory memory;
        memory.setLifetime(300ms);
        QSignalSpy changed(&memory, &PinMemory::changed);
        memory.remember(QStringLiteral("pair"), pin("123456"));
        QCOMPARE(changed.size(), 1);
        auto recalled = memory.recall(QStringLiteral("pair"));
        QVERIFY(recalled);
        QVERIFY(recalled->equals(pin("123456")));
        QVERIFY(!memory.recall(QStringLiteral("other")));
        QCOMPARE(memory.secondsLeft(QStringLiteral("pair")), 1);
        // Using the PIN does not extend its life: it goes at the deadline set when it was typed.
        QTRY_VERIFY_WITH_TIMEOUT(!memory.recall(QStringLiteral("pair")), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 5000);
        QCOMPARE(memory.secondsLeft(QStringLiteral("pair")), 0);
    }

    void lifetimeIsBounded()
    {
        PinMemory memory;
        memory.setLifetime(24h);
        QCOMPARE(memory.lifetime(), std::chrono::milliseconds(PinMemory::MaxLifetime));
        memory.remember(QStringLiteral("pair"), pin("123456"));
        QVERIFY(memory.secondsLeft(QStringLiteral("pair")) <= 30 * 60);
        memory.setLifetime(-5min);
        QVERIFY(!memory.isEnabled());
    }

    void shorteningTheLifetimeShortensKeptPins()
    {
        PinMemory memory;
        memory.setLifetime(30min);
        memory.remember(QStringLiteral("pair"), pin("123456"));
        memory.setLifetime(1min);
        QVERIFY(memory.secondsLeft(QStringLiteral("pair")) <= 60);
        QVERIFY(memory.recall(QStringLiteral("pair")));
    }

    void turningOffForgetsEverything()
    {
        PinMemory memory;
        memory.setLifetime(10min);
        memory.remember(QStringLiteral("a"), pin("123456"));
        memory.remember(QStringLiteral("b"), pin("654321"));
        memory.setLifetime(0ms);
        QVERIFY(!memory.recall(QStringLiteral("a")));
        QVERIFY(!memory.recall(QStringLiteral("b")));
    }

    void forgetOneOrAll()
    {
        PinMemory memory;
        memory.setLifetime(10min);
        memory.remember(QStringLiteral("a"), pin("123456"));
        memory.remember(QStringLiteral("b"), pin("654321"));
        memory.forget(QStringLiteral("a"));
        QVERIFY(!memory.recall(QStringLiteral("a")));
        QVERIFY(memory.recall(QStringLiteral("b"))->equals(pin("654321")));
        memory.forgetAll();
        QVERIFY(!memory.recall(QStringLiteral("b")));
    }

    void anEmptyPinIsNotRemembered()
    {
        PinMemory memory;
        memory.setLifetime(10min);
        memory.remember(QStringLiteral("a"), SecureBytes());
        QVERIFY(!memory.recall(QStringLiteral("a")));
    }
};

QTEST_GUILESS_MAIN(TestPinMemory)
#include "tst_pinmemory.moc"
