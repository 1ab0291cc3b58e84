// ScalarField (constant-time arithmetic mod n) against OpenSSL's BIGNUM on random values and on
// the edges, for the order of sm2p256v1 and of the GB/T 32918 test curve; and the Sm2 scalar
// helpers built on it.
#include "core/crypto/random.h"
#include "core/crypto/scalarfield.h"
#include "core/crypto/sm2.h"

#include <QTest>

#include <openssl/bn.h>

using namespace tq;

namespace {

const char Sm2Order[] = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123";
const char TestCurveOrder[] = "8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7";

ossl::BnPtr bn(const QByteArray &bigEndian)
{
    return ossl::BnPtr(BN_bin2bn(ossl::in(bigEndian), int(bigEndian.size()), nullptr));
}

QByteArray bytesOf(const BIGNUM *x)
{
    QByteArray out(32, '\0');
    BN_bn2binpad(x, reinterpret_cast<unsigned char *>(out.data()), 32);
    return out;
}

QByteArray bytesOf(const Scalar &x)
{
    QByteArray out(32, '\0');
    ScalarField::toBytes(x, reinterpret_cast<unsigned char *>(out.data()));
    return out;
}

// n + delta (delta small, may be negative) as 32 bytes.
QByteArray offset(const QByteArray &n, int delta)
{
    ossl::BnPtr v = bn(n);
    if (delta >= 0)
        BN_add_word(v.get(), static_cast<BN_ULONG>(delta));
    else
        BN_sub_word(v.get(), static_cast<BN_ULONG>(-delta));
    return bytesOf(v.get());
}

} // namespace

class TestScalarField : public QObject {
    Q_OBJECT

    ossl::BnCtxPtr m_ctx{BN_CTX_new()};

    // Values below n: the edges and random ones.
    QList<QByteArray> operands(const QByteArray &n) const
    {
        QList<QByteArray> values{QByteArray(32, '\0'), offset(QByteArray(32, '\0'), 1), offset(QByteArray(32, '\0'), 2),
                                 offset(n, -1), offset(n, -2), QByteArray(31, '\0') + QByteArray(1, '\x80')};
        ossl::BnPtr modulus = bn(n);
        for (int i = 0; i < 40; ++i) {
            ossl::BnPtr v = bn(Random::bytes(32));
            BN_nnmod(v.get(), v.get(), modulus.get(), m_ctx.get());
            values << bytesOf(v.get());
        }
        return values;
    }

private Q_SLOTS:
    void modulusMustBeOddAndFull()
    {
        QVERIFY(ScalarField(QByteArray::fromHex(Sm2Order)).isValid());
        QVERIFY(ScalarField(QByteArray::fromHex(TestCurveOrder)).isValid());
        QVERIFY(!ScalarField(offset(QByteArray::fromHex(Sm2Order), 1)).isValid()); // even
        QVERIFY(!ScalarField(QByteArray::fromHex("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")).isValid());
        QVERIFY(!ScalarField(QByteArray::fromHex(Sm2Order).left(31)).isValid());
    }

    void matchesBignum_data()
    {
        QTest::addColumn<QByteArray>("modulus");
        QTest::newRow("sm2p256v1") << QByteArray::fromHex(Sm2Order);
        QTest::newRow("GB/T 32918 test curve") << QByteArray::fromHex(TestCurveOrder);
    }
    void matchesBignum()
    {
        QFETCH(QByteArray, modulus);
        const ScalarField field(modulus);
        QVERIFY(field.isValid());
        const ossl::BnPtr n = bn(modulus);
        const QList<QByteArray> values = operands(modulus);
        ossl::BnPtr expected(BN_new());
        for (const QByteArray &a : values) {
            const Scalar x = ScalarField::fromBytes(a);
            QCOMPARE(bytesOf(x), a);
            QVERIFY(field.lessThanModulus(x) == ~std::uint64_t(0));
            QCOMPARE(ScalarField::isZero(x) != 0, a == QByteArray(32, '\0'));
            ossl::BnPtr bnA = bn(a);
            BN_mod_inverse(expected.get(), bnA.get(), n.get(), m_ctx.get());
            QCOMPARE(bytesOf(field.inverse(x)), BN_is_zero(bnA.get()) ? QByteArray(32, '\0') : bytesOf(expected.get()));
            for (const QByteArray &b : values) {
                const Scalar y = ScalarField::fromBytes(b);
                ossl::BnPtr bnB = bn(b);
                QVERIFY(BN_mod_add(expected.get(), bnA.get(), bnB.get(), n.get(), m_ctx.get()));
                QCOMPARE(bytesOf(field.add(x, y)), bytesOf(expected.get()));
                QVERIFY(BN_mod_sub(expected.get(), bnA.get(), bnB.get(), n.get(), m_ctx.get()));
                QCOMPARE(bytesOf(field.subtract(x, y)), bytesOf(expected.get()));
                QVERIFY(BN_mod_mul(expected.get(), bnA.get(), bnB.get(), n.get(), m_ctx.get()));
                QCOMPARE(bytesOf(field.multiply(x, y)), bytesOf(expected.get()));
            }
        }
    }

    // 64-byte values (widened hashes) reduce as BIGNUM reduces them, the extremes included.
    void wideValuesMatchBignum()
    {
        QFETCH(QByteArray, modulus);
        const ScalarField field(modulus);
        const ossl::BnPtr n = bn(modulus);
        QList<QByteArray> values{QByteArray(64, '\0'), QByteArray(64, '\xff'), QByteArray(32, '\0') + modulus,
                                 modulus + modulus};
        for (int i = 0; i < 200; ++i)
            values << Random::bytes(64);
        for (const QByteArray &wide : values) {
            ossl::BnPtr expected = bn(wide);
            QVERIFY(BN_nnmod(expected.get(), expected.get(), n.get(), m_ctx.get()));
            QCOMPARE(bytesOf(field.reduceWide(wide)), bytesOf(expected.get()));
        }
        QCOMPARE(bytesOf(field.reduceWide(Random::bytes(63))), QByteArray(32, '\0'));
    }
    void wideValuesMatchBignum_data() { matchesBignum_data(); }

    // Values from n up to 2²⁵⁶ − 1 are flagged and reduce to x − n.
    void valuesFromTheModulusUpAreFlaggedAndReduced()
    {
        const QByteArray modulus = QByteArray::fromHex(Sm2Order);
        const ScalarField field(modulus);
        for (const int delta : {0, 1, 2}) {
            const Scalar x = ScalarField::fromBytes(offset(modulus, delta));
            QCOMPARE(field.lessThanModulus(x), std::uint64_t(0));
            QCOMPARE(bytesOf(field.reduce(x)), offset(QByteArray(32, '\0'), delta));
        }
        const Scalar top = ScalarField::fromBytes(QByteArray(32, '\xff'));
        QCOMPARE(field.lessThanModulus(top), std::uint64_t(0));
        ossl::BnPtr expected = bn(QByteArray(32, '\xff'));
        BN_sub(expected.get(), expected.get(), bn(modulus).get());
        QCOMPARE(bytesOf(field.reduce(top)), bytesOf(expected.get()));
        QCOMPARE(bytesOf(field.reduce(ScalarField::fromBytes(offset(modulus, -1)))), offset(modulus, -1));
    }

    void shortInputsArePaddedOnTheLeft()
    {
        QCOMPARE(bytesOf(ScalarField::fromBytes(QByteArray::fromHex("0102"))), QByteArray(30, '\0') + QByteArray::fromHex("0102"));
        QCOMPARE(bytesOf(ScalarField::fromBytes({})), QByteArray(32, '\0'));
    }

    // The Sm2 helpers keep their BIGNUM contract on the new arithmetic.
    void sm2ScalarHelpers()
    {
        const Sm2 sm2;
        const QByteArray n = bytesOf(sm2.order());
        QVERIFY(!sm2.scalar(QByteArray(32, '\0')));
        QVERIFY(!sm2.scalar(n));
        QVERIFY(!sm2.scalar(offset(n, 1)));
        QVERIFY(!sm2.scalar(QByteArray(32, '\xff')));
        QVERIFY(!sm2.scalar(QByteArray(32, '\0').append('\x01')));
        QCOMPARE(bytesOf(sm2.scalar(offset(n, -1)).get()), offset(n, -1));
        QCOMPARE(bytesOf(sm2.scalar(QByteArray::fromHex("01")).get()), offset(QByteArray(32, '\0'), 1));

        ossl::BnPtr big = bn(QByteArray(32, '\xff')); // operands ≥ n are reduced first, as BN_mod_* did
        ossl::BnPtr one = bn(QByteArray::fromHex("01"));
        ossl::BnPtr expected(BN_new());
        BN_mod_add(expected.get(), big.get(), one.get(), sm2.order(), m_ctx.get());
        QCOMPARE(bytesOf(sm2.add(big.get(), one.get()).get()), bytesOf(expected.get()));
        BN_mod_sub(expected.get(), one.get(), big.get(), sm2.order(), m_ctx.get());
        QCOMPARE(bytesOf(sm2.subtract(one.get(), big.get()).get()), bytesOf(expected.get()));
        BN_mod_mul(expected.get(), big.get(), big.get(), sm2.order(), m_ctx.get());
        QCOMPARE(bytesOf(sm2.multiply(big.get(), big.get()).get()), bytesOf(expected.get()));
        QVERIFY(!sm2.inverse(bn(n).get())); // ≡ 0
        QVERIFY(!sm2.inverse(bn(QByteArray(32, '\0')).get()));
        ossl::BnPtr negative = bn(QByteArray::fromHex("05"));
        BN_set_negative(negative.get(), 1);
        QVERIFY(!sm2.add(negative.get(), one.get()));
        QVERIFY(!sm2.multiply(bn(QByteArray(33, '\x01')).get(), one.get()));
        auto nMinus1 = sm2.scalar(offset(n, -1));
        QCOMPARE(bytesOf(sm2.inverse(nMinus1.get()).get()), offset(n, -1)); // (−1)⁻¹ = −1
    }
};

QTEST_GUILESS_MAIN(TestScalarField)
#include "tst_scalarfield.moc"
