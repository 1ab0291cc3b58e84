// Constant-time check of the scalar arithmetic mod n that the two-party code runs on secret
// values (d1, d2, their inverses, k1–k3, w). Secret inputs are marked undefined for valgrind's
// memcheck (VALGRIND_MAKE_MEM_UNDEFINED): every conditional jump, move or memory index that
// depends on them is then reported as an error, and each check counts memcheck's errors during
// one operation. ctest runs this test under valgrind; run directly it fails, so it cannot pass
// without checking anything.
#include "core/crypto/random.h"
#include "core/crypto/sm2.h"

#include <QTest>

#include <valgrind/memcheck.h>

#include <functional>

using namespace tq;

namespace {

using Operation = std::function<void(QByteArray &a, QByteArray &b)>;

// memcheck's error count over `operation` on secret (undefined) copies of a and b.
unsigned errorsDuring(const Operation &operation, const QByteArray &a, const QByteArray &b)
{
    QByteArray secretA = a;
    QByteArray secretB = b;
    VALGRIND_MAKE_MEM_UNDEFINED(secretA.data(), std::size_t(secretA.size()));
    VALGRIND_MAKE_MEM_UNDEFINED(secretB.data(), std::size_t(secretB.size()));
    const unsigned before = VALGRIND_COUNT_ERRORS;
    operation(secretA, secretB);
    return VALGRIND_COUNT_ERRORS - before;
}

} // namespace

class TestSm2ConstTime : public QObject {
    Q_OBJECT

    const Sm2 m_sm2;

    // Secret scalars: random ones, and the edges where a variable-time code path would differ.
    QList<QByteArray> secrets() const
    {
        const QByteArray n = m_sm2.scalarBytes(m_sm2.order()).view().toByteArray();
        QByteArray nMinus1 = n;
        nMinus1[31] = char(nMinus1[31] - 1);
        QByteArray one(32, '\0');
        one[31] = 1;
        QByteArray small(32, '\0'); // leading zero bytes: a shorter BIGNUM
        small[30] = 0x12;
        small[31] = 0x34;
        return {m_sm2.scalarBytes(m_sm2.randomScalar().get()).view().toByteArray(),
                m_sm2.scalarBytes(m_sm2.randomScalar().get()).view().toByteArray(), one, small, nMinus1};
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!RUNNING_ON_VALGRIND)
            QFAIL("This test checks branches on secret data with valgrind memcheck: run it through ctest "
                  "(valgrind --tool=memcheck tst_sm2consttime).");
    }

    // The check itself can fail: a branch on a secret byte is reported.
    void detectsABranchOnASecret()
    {
        volatile int sink = 0;
        const Operation branching = [&](QByteArray &a, QByteArray &) {
            if (a.at(0) & 1)
                sink = sink + 1;
        };
        QVERIFY(errorsDuring(branching, QByteArray(32, '\x01'), {}) > 0);
        Q_UNUSED(sink);
    }

    void arithmeticHasNoSecretBranch_data()
    {
        QTest::addColumn<QString>("operation");
        for (const char *name : {"fromBytes", "inRange", "reduce", "add", "subtract", "multiply", "inverse"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }
    void arithmeticHasNoSecretBranch()
    {
        QFETCH(QString, operation);
        const ScalarField &f = m_sm2.scalars();
        using Binary = std::function<Scalar(const Scalar &, const Scalar &)>;
        const QHash<QString, Binary> operations{
            {QStringLiteral("fromBytes"), [](const Scalar &a, const Scalar &) { return a.clone(); }},
            {QStringLiteral("inRange"),
             [&](const Scalar &a, const Scalar &) {
                 return Scalar({f.lessThanModulus(a) & ~ScalarField::isZero(a), 0, 0, 0});
             }},
            {QStringLiteral("reduce"), [&](const Scalar &a, const Scalar &) { return f.reduce(a); }},
            {QStringLiteral("add"), [&](const Scalar &a, const Scalar &b) { return f.add(a, b); }},
            {QStringLiteral("subtract"), [&](const Scalar &a, const Scalar &b) { return f.subtract(a, b); }},
            {QStringLiteral("multiply"), [&](const Scalar &a, const Scalar &b) { return f.multiply(a, b); }},
            {QStringLiteral("inverse"), [&](const Scalar &a, const Scalar &) { return f.inverse(a); }},
        };
        const Binary op = operations.value(operation);
        QVERIFY(op);
        // Bytes in, bytes out, as the two-party code keeps them between steps.
        const Operation run = [&](QByteArray &a, QByteArray &b) {
            const Scalar r = op(ScalarField::fromBytes(a), ScalarField::fromBytes(b));
            unsigned char out[32];
            ScalarField::toBytes(r, out);
            VALGRIND_MAKE_MEM_DEFINED(out, sizeof out);
        };
        const QList<QByteArray> values = secrets();
        for (const QByteArray &a : values) {
            for (const QByteArray &b : values) {
                const unsigned errors = errorsDuring(run, a, b);
                QVERIFY2(errors == 0, qPrintable(QStringLiteral("%1: %2 secret-dependent branches or indexes for a = %3, b = %4")
                                                     .arg(operation)
                                                     .arg(errors)
                                                     .arg(QString::fromLatin1(a.toHex()), QString::fromLatin1(b.toHex()))));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSm2ConstTime)
#include "tst_sm2consttime.moc"
