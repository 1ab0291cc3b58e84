#include "server/platform/callbacktarget.h"

#include "core/common/apierrors.h"

#include <QHostInfo>

#include <algorithm>
#include <utility>

namespace tq::server::CallbackTarget {

namespace {

/// IPv4 ranges (network, prefix length) no callback may reach.
constexpr std::pair<quint32, int> PrivateIpv4[] = {
    {0x00000000, 8},  // 0.0.0.0/8 "this network", with the unspecified address
    {0x0A000000, 8},  // 10/8 RFC 1918
    {0x64400000, 10}, // 100.64/10 CGNAT
    {0x7F000000, 8},  // 127/8 loopback
    {0xA9FE0000, 16}, // 169.254/16 link-local (and cloud metadata services)
    {0xAC100000, 12}, // 172.16/12 RFC 1918
    {0xC0000000, 24}, // 192.0.0/24 IETF protocol assignments
    {0xC0A80000, 16}, // 192.168/16 RFC 1918
    {0xC6120000, 15}, // 198.18/15 benchmarking
    {0xE0000000, 4},  // 224/4 multicast
    {0xF0000000, 4},  // 240/4 reserved, with 255.255.255.255
};

bool isPrivateIpv4(quint32 address)
{
    return std::any_of(std::begin(PrivateIpv4), std::end(PrivateIpv4), [address](const auto &range) {
        const quint32 mask = range.second == 0 ? 0 : ~quint32(0) << (32 - range.second);
        return (address & mask) == range.first;
    });
}

Error refused(const QString &host)
{
    return Error(ApiError::InvalidRequest,
                 QStringLiteral("The callback URL's host %1 must resolve to public addresses only: loopback, private, "
                                "link-local, CGNAT, multicast and reserved addresses are refused.")
                     .arg(host),
                 {{QStringLiteral("field"), QStringLiteral("callbackUrl")}});
}

} // namespace

bool isPrivate(const QHostAddress &address)
{
    bool isIpv4 = false;
    // toIPv4Address() also reads the IPv4-mapped form ::ffff:a.b.c.d.
    const quint32 ipv4 = address.toIPv4Address(&isIpv4);
    if (isIpv4)
        return isPrivateIpv4(ipv4);
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return true; // null or unknown
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    const bool unspecified = std::all_of(std::begin(bytes.c), std::end(bytes.c), [](quint8 b) { return b == 0; });
    return unspecified || address.isLoopback() || (bytes[0] & 0xFE) == 0xFC // fc00::/7 ULA
        || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80)                  // fe80::/10 link-local
        || bytes[0] == 0xFF;                                               // ff00::/8 multicast
}

Result<QList<QHostAddress>> checkPublic(const QString &host, const QList<QHostAddress> &addresses)
{
    if (addresses.isEmpty() || std::any_of(addresses.begin(), addresses.end(), isPrivate))
        return refused(host);
    return addresses;
}

Result<QList<QHostAddress>> resolvePublic(const QString &host)
{
    const QHostAddress literal(host);
    if (!literal.isNull())
        return checkPublic(host, {literal});
    return checkPublic(host, QHostInfo::fromName(host).addresses());
}

QList<QHostAddress> preferIpv4(QList<QHostAddress> addresses)
{
    std::stable_partition(addresses.begin(), addresses.end(),
                          [](const QHostAddress &a) { return a.protocol() == QAbstractSocket::IPv4Protocol; });
    return addresses;
}

} // namespace tq::server::CallbackTarget
