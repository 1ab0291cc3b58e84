#pragma once

#include "cli/secretinput.h"
#include "core/certificates/certificateservice.h"
#include "core/device/deviceprofile.h"
#include "core/keys/keycustody.h"

#include <QCommandLineParser>

#include <functional>
#include <memory>

namespace tq::cli {

/// The device a command works on: the app's DeviceProfile under --data-dir over --server, its
/// session, keys and installed certificates. Main thread only.

/// Adds --data-dir and, if `withPin`, the PIN options to `parser`.
void addKeyOptions(QCommandLineParser &parser, bool withPin);
/// Adds --server URL (default: $TONGQIAN_SERVER).
void addServerOption(QCommandLineParser &parser);

/// Whether a command talks to the server (then --server or $TONGQIAN_SERVER is required).
enum class Server { NotNeeded, Needed };

/// The --server URL (or $TONGQIAN_SERVER); empty if neither is given and `server` is
/// NotNeeded. A usage error (UsageErrorCode) if it is missing but needed, or not http(s).
Result<QUrl> serverUrl(const QCommandLineParser &parser, Server server);
/// The app's device data under --data-dir (default: the app's data directory) and its client
/// services over --server. Fails with UsageErrorCode when a needed server URL is missing.
Result<std::unique_ptr<DeviceProfile>> openProfile(const QCommandLineParser &parser,
                                                   Server server = Server::NotNeeded);

/// The PIN (read first, see readPin) and the profile, for commands that unlock or create keys.
struct PinAndProfile {
    SecureBytes pin;
    std::unique_ptr<DeviceProfile> profile;
};
Result<PinAndProfile> openWithPin(const QCommandLineParser &parser, Server server = Server::NotNeeded,
                                  Repeat repeat = Repeat::Once);

/// Restores the session stored in `profile` and calls `handler`; fails with a sentence saying
/// to log in when there is none.
void whenLoggedIn(DeviceProfile &profile, std::function<void(const Result<void> &)> handler);

/// Calls `handler` once the key `keyId` can be used: at once for a local key; for a two-party
/// key after the session is restored (the server is needed).
void whenKeyUsable(DeviceProfile &profile, const QString &keyId, std::function<void(const Result<void> &)> handler);
/// Looks up key `id` in `custody` and calls `handler(Result<KeyInfo>)`; `not_found` if absent.
void findKey(DeviceProfile &profile, const QString &id, std::function<void(Result<KeyInfo>)> handler);

/// The installed certificate `id`; `certificate_not_found` with a sentence for the CLI if absent.
Result<CertificateRecord> installedCertificate(const DeviceProfile &profile, const QString &id);

} // namespace tq::cli
