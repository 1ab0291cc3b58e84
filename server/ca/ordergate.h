#pragma once

#include "core/common/error.h"

#include <QString>

namespace tq::server {

/// Decides whether an account may be issued a certificate now ("apply → pay → issue").
/// Consulted by the CA before it issues; the payment feature will implement it with orders.
/// Used on the server thread.
class OrderGate {
public:
    virtual ~OrderGate() = default;
    /// Nothing if issuing may go ahead; otherwise the Error the client gets.
    virtual Result<void> allowIssue(const QString &accountId, const QString &caOrg) = 0;
};

/// The sandbox gate: certificates are free, every request may go ahead.
class SandboxOrderGate final : public OrderGate {
public:
    Result<void> allowIssue(const QString &, const QString &) override { return {}; }
};

} // namespace tq::server
