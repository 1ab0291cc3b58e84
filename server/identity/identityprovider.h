#pragma once

#include "core/common/error.h"

#include <QString>

namespace tq::server {

/// Checks a name and a mainland ID number against the national identity source.
/// Implementations wrap a provider's API; used on the server thread, must not block for long.
class IdentityProvider {
public:
    enum class Match { Match, Mismatch };
    virtual ~IdentityProvider() = default;
    /// Match or Mismatch; an Error only when the provider could not answer. `idNumber` has
    /// already passed rules::isMainlandIdNumber and is upper-case.
    virtual Result<Match> verify(const QString &name, const QString &idNumber) = 0;
};

/// Face liveness: proves the person holding the device is the one named.
/// `evidence` is the provider's token from the client-side capture (may be empty in sandbox).
class FaceLivenessProvider {
public:
    virtual ~FaceLivenessProvider() = default;
    /// Nothing on a pass; identity_mismatch when the face does not match, another Error when
    /// the provider could not answer.
    virtual Result<void> check(const QString &name, const QString &idNumber, const QString &evidence) = 0;
};

/// The sandbox identity source: every checksum-valid number matches any name, except that a
/// name containing "不一致" or "Mismatch" is reported as a mismatch (for tests and demos).
class SandboxIdentityProvider final : public IdentityProvider {
public:
    Result<Match> verify(const QString &name, const QString &idNumber) override;
};

/// The sandbox liveness check: always passes.
class SandboxFaceLivenessProvider final : public FaceLivenessProvider {
public:
    Result<void> check(const QString &name, const QString &idNumber, const QString &evidence) override;
};

} // namespace tq::server
