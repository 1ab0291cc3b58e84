#pragma once

#include "server/identity/identityprovider.h"
#include "server/providers/webhookclient.h"
#include "server/sms/smsprovider.h"

namespace tq::server {

/// Production SMS delivery through an operator's gateway endpoint: POSTs
/// `{"phone","purpose","code"}` (WebhookClient: signed, 10 s time-out); any 2xx answer means the
/// message was accepted. Thread-safe; blocks the calling request thread for the round trip.
class WebhookSmsProvider final : public SmsProvider {
public:
    explicit WebhookSmsProvider(WebhookClient client) : m_client(std::move(client)) { }
    Result<void> send(const QString &phone, SmsPurpose purpose, const QString &code) override;
    /// POSTs `{"phone","purpose","text"}`: a notice with no code.
    Result<void> notify(const QString &phone, SmsPurpose purpose, const QString &text) override;

private:
    /// POSTs `{"phone","purpose", field: value}`.
    Result<void> deliver(const QString &phone, SmsPurpose purpose, const QString &field, const QString &value);
    WebhookClient m_client;
};

/// Production name ↔ ID-number check through an operator's identity endpoint: POSTs
/// `{"check":"name_id","name","idNumber"}` and expects `{"match": true|false}`.
/// Thread-safe; blocks the calling request thread for the round trip.
class WebhookIdentityProvider final : public IdentityProvider {
public:
    explicit WebhookIdentityProvider(WebhookClient client) : m_client(std::move(client)) { }
    Result<Match> verify(const QString &name, const QString &idNumber) override;

private:
    WebhookClient m_client;
};

/// Production face liveness through the same identity endpoint: POSTs
/// `{"check":"liveness","name","idNumber","evidence"}` and expects `{"pass": true|false}`.
class WebhookLivenessProvider final : public FaceLivenessProvider {
public:
    explicit WebhookLivenessProvider(WebhookClient client) : m_client(std::move(client)) { }
    Result<void> check(const QString &name, const QString &idNumber, const QString &evidence) override;

private:
    WebhookClient m_client;
};

} // namespace tq::server
