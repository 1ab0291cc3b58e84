#include "core/crypto/scalarfield.h"

#include <openssl/crypto.h>

namespace tq {

namespace {

using u64 = std::uint64_t;

// Carries and 64×64→128 products: the compiler's 128-bit type where there is one, 32-bit halves
// elsewhere (32-bit Android); both are straight-line code.
#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 u128;

// a + b + carry; the new carry (0 or 1) into `carry`.
u64 addCarry(u64 a, u64 b, u64 &carry)
{
    const u128 s = u128(a) + b + carry;
    carry = u64(s >> 64);
    return u64(s);
}

// a − b − borrow; the new borrow (0 or 1) into `borrow`.
u64 subtractBorrow(u64 a, u64 b, u64 &borrow)
{
    const u128 d = u128(a) - b - borrow;
    borrow = u64(d >> 64) & 1;
    return u64(d);
}

// a·b + c + d (never overflows 128 bits); the high word into `high`.
u64 multiplyAdd(u64 a, u64 b, u64 c, u64 d, u64 &high)
{
    const u128 p = u128(a) * b + c + d;
    high = u64(p >> 64);
    return u64(p);
}
#else
u64 addCarry(u64 a, u64 b, u64 &carry)
{
    const u64 s = a + b;
    const u64 r = s + carry;
    // Carry out of either addition, from the top bits (no comparison, so no flag-to-branch).
    carry = ((a & b) | ((a | b) & ~s)) >> 63 | ((s & ~r) >> 63);
    return r;
}

u64 subtractBorrow(u64 a, u64 b, u64 &borrow)
{
    const u64 d = a - b;
    const u64 r = d - borrow;
    borrow = ((~a & b) | (~(a ^ b) & d)) >> 63 | ((~d & r) >> 63);
    return r;
}

u64 multiplyAdd(u64 a, u64 b, u64 c, u64 d, u64 &high)
{
    const u64 aLow = a & 0xffffffffu, aHigh = a >> 32, bLow = b & 0xffffffffu, bHigh = b >> 32;
    const u64 ll = aLow * bLow, lh = aLow * bHigh, hl = aHigh * bLow, hh = aHigh * bHigh;
    const u64 middle = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    u64 low = (middle << 32) | (ll & 0xffffffffu);
    high = hh + (lh >> 32) + (hl >> 32) + (middle >> 32);
    u64 carry = 0;
    low = addCarry(low, c, carry);
    high += carry;
    carry = 0;
    low = addCarry(low, d, carry);
    high += carry;
    return low;
}
#endif

// All ones if the low bit of `bit` is 1: every select below goes through such a mask, never
// through a branch.
u64 maskOf(u64 bit)
{
    return u64(0) - (bit & 1);
}

// r = a − b over four limbs; returns the final borrow (0 or 1).
u64 subtractLimbs(Scalar::Limbs &r, const Scalar::Limbs &a, const Scalar::Limbs &b)
{
    u64 borrow = 0;
    for (std::size_t i = 0; i < 4; ++i)
        r[i] = subtractBorrow(a[i], b[i], borrow);
    return borrow;
}

// r = a + b over four limbs; returns the final carry (0 or 1).
u64 addLimbs(Scalar::Limbs &r, const Scalar::Limbs &a, const Scalar::Limbs &b)
{
    u64 carry = 0;
    for (std::size_t i = 0; i < 4; ++i)
        r[i] = addCarry(a[i], b[i], carry);
    return carry;
}

// r = mask ? a : b.
void select(Scalar::Limbs &r, u64 mask, const Scalar::Limbs &a, const Scalar::Limbs &b)
{
    for (int i = 0; i < 4; ++i)
        r[i] = (a[i] & mask) | (b[i] & ~mask);
}

// r = x − n, unless x (with `overflow`, a 2²⁵⁶ bit beyond its limbs) is below n; x < 2n.
// The one final step of reduce(), add() and the Montgomery product. r may alias x.
void subtractModulusIfAbove(Scalar::Limbs &r, const Scalar::Limbs &x, u64 overflow, const Scalar::Limbs &n)
{
    Scalar::Limbs diff;
    const u64 borrow = subtractLimbs(diff, x, n);
    select(r, maskOf(borrow & ~overflow), x, diff);
}

} // namespace

Scalar::~Scalar()
{
    OPENSSL_cleanse(m_limbs.data(), sizeof m_limbs);
}

Scalar::Scalar(Scalar &&other) noexcept : m_limbs(other.m_limbs)
{
    OPENSSL_cleanse(other.m_limbs.data(), sizeof other.m_limbs);
}

Scalar &Scalar::operator=(Scalar &&other) noexcept
{
    if (this != &other) {
        m_limbs = other.m_limbs;
        OPENSSL_cleanse(other.m_limbs.data(), sizeof other.m_limbs);
    }
    return *this;
}

ScalarField::ScalarField(QByteArrayView modulus) : m_n(fromBytes(modulus))
{
    const Scalar::Limbs &n = m_n.limbs();
    m_valid = modulus.size() == 32 && (n[0] & 1) == 1 && (n[3] >> 63) == 1;
    if (!m_valid)
        return;
    // n is public from here on: plain loops and branches are fine.
    u64 inv = 1; // n⁻¹ mod 2⁶⁴ by Newton's iteration, each step doubling the correct bits
    for (int i = 0; i < 6; ++i)
        inv *= 2 - n[0] * inv;
    m_nPrime = u64(0) - inv;
    // R mod n = 2²⁵⁶ − n (n > 2²⁵⁵), then R² mod n by 256 modular doublings.
    Scalar::Limbs zero{};
    subtractLimbs(m_one.limbs(), zero, n);
    Scalar r = m_one.clone();
    for (int i = 0; i < 256; ++i)
        r = add(r, r);
    m_rSquared = std::move(r);
    const Scalar::Limbs two{2, 0, 0, 0};
    subtractLimbs(m_exponent, n, two);
}

Scalar ScalarField::fromBytes(QByteArrayView bigEndian)
{
    Scalar x;
    const qsizetype size = bigEndian.size() < 32 ? bigEndian.size() : 32;
    const auto *bytes = reinterpret_cast<const unsigned char *>(bigEndian.data()) + (bigEndian.size() - size);
    for (qsizetype i = 0; i < size; ++i) {
        const qsizetype bit = (size - 1 - i) * 8; // position of this byte from the least significant end
        x.limbs()[std::size_t(bit / 64)] |= u64(bytes[i]) << (bit % 64);
    }
    return x;
}

void ScalarField::toBytes(const Scalar &x, unsigned char *out)
{
    for (int i = 0; i < 32; ++i) {
        const int bit = (31 - i) * 8;
        out[i] = static_cast<unsigned char>(x.limbs()[std::size_t(bit / 64)] >> (bit % 64));
    }
}

std::uint64_t ScalarField::lessThanModulus(const Scalar &x) const
{
    Scalar::Limbs scratch;
    return maskOf(subtractLimbs(scratch, x.limbs(), m_n.limbs()));
}

std::uint64_t ScalarField::isZero(const Scalar &x)
{
    const Scalar::Limbs &l = x.limbs();
    const u64 any = l[0] | l[1] | l[2] | l[3];
    // (any | −any) has its top bit set exactly when any ≠ 0.
    return maskOf(((any | (u64(0) - any)) >> 63) ^ 1);
}

Scalar ScalarField::reduce(const Scalar &x) const
{
    Scalar r;
    subtractModulusIfAbove(r.limbs(), x.limbs(), 0, m_n.limbs());
    return r;
}

Scalar ScalarField::reduceWide(QByteArrayView bigEndian) const
{
    if (bigEndian.size() != 64)
        return {};
    // m_one is R mod n = 2²⁵⁶ mod n.
    const Scalar high = reduce(fromBytes(bigEndian.first(32)));
    const Scalar low = reduce(fromBytes(bigEndian.last(32)));
    return add(multiply(high, m_one), low);
}

Scalar ScalarField::add(const Scalar &a, const Scalar &b) const
{
    Scalar sum;
    const u64 carry = addLimbs(sum.limbs(), a.limbs(), b.limbs()); // a + b < 2n
    subtractModulusIfAbove(sum.limbs(), sum.limbs(), carry, m_n.limbs());
    return sum;
}

Scalar ScalarField::subtract(const Scalar &a, const Scalar &b) const
{
    Scalar r;
    const u64 borrow = subtractLimbs(r.limbs(), a.limbs(), b.limbs());
    Scalar::Limbs correction;
    for (int i = 0; i < 4; ++i)
        correction[i] = m_n.limbs()[std::size_t(i)] & maskOf(borrow);
    addLimbs(r.limbs(), r.limbs(), correction);
    return r;
}

void ScalarField::montgomeryMultiply(Scalar::Limbs &r, const Scalar::Limbs &x, const Scalar::Limbs &y) const
{
    // CIOS (Koç, Acar, Kaliski 1996): t = x·y·R⁻¹ mod n, t < 2n before the final subtraction.
    const Scalar::Limbs &n = m_n.limbs();
    u64 t[6] = {0, 0, 0, 0, 0, 0};
    for (std::size_t i = 0; i < 4; ++i) {
        u64 carry = 0;
        for (std::size_t j = 0; j < 4; ++j)
            t[j] = multiplyAdd(x[j], y[i], t[j], carry, carry);
        u64 top = 0;
        t[4] = addCarry(t[4], carry, top);
        t[5] = top;
        const u64 m = t[0] * m_nPrime;
        multiplyAdd(m, n[0], t[0], 0, carry); // the low word is zero by the choice of m
        for (std::size_t j = 1; j < 4; ++j)
            t[j - 1] = multiplyAdd(m, n[j], t[j], carry, carry);
        top = 0;
        t[3] = addCarry(t[4], carry, top);
        t[4] = t[5] + top;
    }
    subtractModulusIfAbove(r, Scalar::Limbs{t[0], t[1], t[2], t[3]}, t[4], n);
}

Scalar ScalarField::multiply(const Scalar &a, const Scalar &b) const
{
    // (a·b·R⁻¹)·R²·R⁻¹ = a·b.
    Scalar r;
    montgomeryMultiply(r.limbs(), a.limbs(), b.limbs());
    montgomeryMultiply(r.limbs(), r.limbs(), m_rSquared.limbs());
    return r;
}

Scalar ScalarField::inverse(const Scalar &a) const
{
    // a^(n−2) with a fixed 4-bit window over the public exponent: powers a^0..a^15 (Montgomery
    // form), then per window four squarings and one product with the power the window names.
    // Which power is read depends on n only, so the chain and the table reads are the same for every a.
    constexpr int Window = 4;
    Scalar::Limbs powers[1 << Window];
    powers[0] = m_one.limbs();
    montgomeryMultiply(powers[1], a.limbs(), m_rSquared.limbs());
    for (int i = 2; i < (1 << Window); ++i)
        montgomeryMultiply(powers[i], powers[i - 1], powers[1]);
    const auto digit = [this](int window) {
        const int bit = window * Window;
        return int((m_exponent[std::size_t(bit / 64)] >> (bit % 64)) & ((1u << Window) - 1));
    };
    constexpr int Windows = 256 / Window;
    Scalar acc(powers[digit(Windows - 1)]);
    for (int window = Windows - 2; window >= 0; --window) {
        for (int i = 0; i < Window; ++i)
            montgomeryMultiply(acc.limbs(), acc.limbs(), acc.limbs());
        montgomeryMultiply(acc.limbs(), acc.limbs(), powers[digit(window)]);
    }
    montgomeryMultiply(acc.limbs(), acc.limbs(), Scalar::Limbs{1, 0, 0, 0});
    OPENSSL_cleanse(powers, sizeof powers);
    return acc;
}

} // namespace tq
