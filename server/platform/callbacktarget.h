#pragma once

#include "core/common/error.h"

#include <QHostAddress>
#include <QList>
#include <QString>

namespace tq::server::CallbackTarget {

/// True for an address a platform callback must not reach when private targets are refused
/// (ServerConfig::privateCallbackTargets false): loopback, private (RFC 1918, fc00::/7 ULA),
/// link-local (169.254/16, fe80::/10), CGNAT 100.64/10, unspecified and "this network"
/// (0/8, ::), multicast, reserved and broadcast (240/4), IETF protocol assignments (192.0.0/24),
/// benchmarking (198.18/15), and the IPv4-mapped (::ffff:0:0/96) forms of all of them.
/// A null address counts as private. Pure; thread-safe.
bool isPrivate(const QHostAddress &address);

/// The addresses of `host` (an IP literal, or a name looked up now — blocking, for the
/// operator's registration on a request thread; the dispatcher looks up asynchronously), checked
/// with isPrivate(): invalid_request with details.field "callbackUrl" if there is none or any
/// one is private, so a name with one private address among public ones is refused too.
Result<QList<QHostAddress>> resolvePublic(const QString &host);

/// The addresses, checked: the same errors as resolvePublic(), for a lookup made elsewhere.
Result<QList<QHostAddress>> checkPublic(const QString &host, const QList<QHostAddress> &addresses);

/// `addresses` with IPv4 first (in their order), then the rest: the dispatcher connects to the
/// first, and a callback endpoint is more often reachable over IPv4.
QList<QHostAddress> preferIpv4(QList<QHostAddress> addresses);

} // namespace tq::server::CallbackTarget
