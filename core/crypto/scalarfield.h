#pragma once

#include <QByteArrayView>

#include <array>
#include <cstdint>

namespace tq {

/// A residue mod n held in four 64-bit limbs, least significant first, for ScalarField. Holds
/// secret scalars (d1, d2, nonces, blinding factors), so it is wiped when destroyed and cannot be
/// copied by accident: clone() says where a copy is made. Plain value type, no thread affinity.
class Scalar {
public:
    using Limbs = std::array<std::uint64_t, 4>;

    Scalar() = default; ///< zero
    explicit Scalar(const Limbs &limbs) : m_limbs(limbs) {}
    ~Scalar();
    Scalar(const Scalar &) = delete;
    Scalar &operator=(const Scalar &) = delete;
    Scalar(Scalar &&other) noexcept;
    Scalar &operator=(Scalar &&other) noexcept;

    Scalar clone() const { return Scalar(m_limbs); }
    const Limbs &limbs() const { return m_limbs; }
    Limbs &limbs() { return m_limbs; }

private:
    Limbs m_limbs{};
};

/// Constant-time arithmetic mod a public odd modulus n with 2²⁵⁵ < n < 2²⁵⁶ (the order of
/// sm2p256v1 and of the GB/T 32918 test curve): no branch, memory index or loop bound depends on
/// a scalar's value, only on n. Montgomery multiplication (CIOS) with a masked final subtraction;
/// inversion is a^(n−2) by one fixed 4-bit-window chain over the public exponent.
/// tests/core/crypto/tst_sm2consttime checks this under valgrind. Results are always fully
/// reduced, in [0, n). Predicates answer with a mask (all ones for true, zero for false), so a
/// caller decides itself when a bit may become public. Limb temporaries on the stack are not
/// wiped per operation (as in OpenSSL's field code); every Scalar is, when it dies.
/// Immutable after construction; every method is const and reentrant.
class ScalarField {
public:
    /// `modulus` as 32 big-endian bytes; isValid() is false unless it is odd and above 2²⁵⁵.
    explicit ScalarField(QByteArrayView modulus);

    bool isValid() const { return m_valid; }
    const Scalar &modulus() const { return m_n; }

    /// Up to 32 big-endian bytes as a number below 2²⁵⁶, not reduced (check with lessThanModulus()).
    /// The length of `bigEndian` is treated as public.
    static Scalar fromBytes(QByteArrayView bigEndian);
    /// 32 big-endian bytes of x into `out`.
    static void toBytes(const Scalar &x, unsigned char *out);

    /// All ones if x < n.
    std::uint64_t lessThanModulus(const Scalar &x) const;
    /// All ones if x = 0.
    static std::uint64_t isZero(const Scalar &x);
    /// x mod n for any x below 2²⁵⁶ (one masked subtraction, as n > 2²⁵⁵).
    Scalar reduce(const Scalar &x) const;
    /// x mod n for a 64-byte big-endian x (hi·2²⁵⁶ + lo), e.g. a hash widened so that reducing it
    /// leaves no usable bias; the zero Scalar if `bigEndian` is not 64 bytes.
    Scalar reduceWide(QByteArrayView bigEndian) const;

    /// The operands of these are in [0, n) (reduce() first otherwise).
    Scalar add(const Scalar &a, const Scalar &b) const;
    Scalar subtract(const Scalar &a, const Scalar &b) const;
    Scalar multiply(const Scalar &a, const Scalar &b) const;
    /// a⁻¹ mod n, and 0 for a = 0 (n is prime for the curves here; otherwise a^(n−2)).
    Scalar inverse(const Scalar &a) const;

private:
    /// r = x·y·R⁻¹ mod n; r may alias x or y.
    void montgomeryMultiply(Scalar::Limbs &r, const Scalar::Limbs &x, const Scalar::Limbs &y) const;

    Scalar m_n;
    Scalar m_rSquared; // R² mod n, R = 2²⁵⁶
    Scalar m_one; // R mod n, 1 in Montgomery form
    Scalar::Limbs m_exponent{}; // n − 2, public
    std::uint64_t m_nPrime = 0; // −n⁻¹ mod 2⁶⁴
    bool m_valid = false;
};

} // namespace tq
