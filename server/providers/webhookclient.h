#pragma once

#include "core/common/error.h"
#include "core/crypto/securebytes.h"

#include <QJsonObject>
#include <QUrl>

#include <memory>

namespace tq::server {

/// A signed JSON POST to an operator's provider endpoint (SMS gateway, identity source): the
/// production providers' one way out. Each call sends `Content-Type: application/json`,
/// `X-Tongqian-Timestamp` (Unix seconds) and `X-Tongqian-Signature`: lower-case hex
/// HMAC-SHA256 under the shared secret of `timestamp + "\n" + body`, so the receiver can check
/// who sent it and refuse replays. The answer must come within `TimeoutMs` with a 2xx status and
/// a body of at most 64 KiB (JSON object, or empty).
///
/// Blocking: uses its own socket with waitFor…(), never a nested event loop, so it can run on
/// any request thread. Thread-safe (no state besides the immutable URL and secret); owns a copy
/// of the secret.
class WebhookClient {
public:
    static constexpr int TimeoutMs = 10000;
    static constexpr qsizetype MaxAnswerSize = 64 * 1024;

    /// `url` is http or https; the secret must not be empty (see valid()).
    WebhookClient(QUrl url, const SecureBytes &secret);

    bool valid() const;
    const QUrl &url() const { return m_url; }

    /// POSTs `body`; the answer's JSON object (empty for an empty body). An `internal` Error
    /// (message without the body) when the endpoint cannot be reached, times out, answers a
    /// non-2xx status or something that is not a JSON object.
    Result<QJsonObject> post(const QJsonObject &body) const;

    /// The signature header value for `timestamp` and `body`, as receivers compute it.
    static QByteArray signature(QByteArrayView secret, qint64 timestamp, QByteArrayView body);

private:
    QUrl m_url;
    std::shared_ptr<const SecureBytes> m_secret;
};

} // namespace tq::server
