#pragma once

#include "core/common/error.h"

#include <QString>

#include <optional>

namespace tq {

class SecretStore;

/// The tokens of one logged-in session and when they expire (UTC seconds since epoch).
struct SessionTokens {
    QString accessToken;
    QString refreshToken;
    qint64 accessExpiresAt = 0;
    qint64 refreshExpiresAt = 0;
    QString phone;

    bool isValid() const { return !accessToken.isEmpty() && !refreshToken.isEmpty(); }
    /// Overwrites the token strings in memory.
    void wipe();
};

/// Where the session's tokens live between runs. Desktop keeps them encrypted in a file
/// (FileTokenStore); kiosk mode keeps them in memory only (MemoryTokenStore) so nothing of a
/// user reaches the disk. AccountSession calls a store from one worker thread at a time,
/// never from the GUI thread (a keychain may block).
class TokenStore {
public:
    virtual ~TokenStore() = default;
    virtual std::optional<SessionTokens> load() = 0;
    virtual Result<void> save(const SessionTokens &tokens) = 0;
    virtual void clear() = 0;
};

/// Keeps tokens in memory only; they die with the process.
class MemoryTokenStore : public TokenStore {
public:
    ~MemoryTokenStore() override;
    std::optional<SessionTokens> load() override;
    Result<void> save(const SessionTokens &tokens) override;
    void clear() override;

private:
    std::optional<SessionTokens> m_tokens;
};

/// Keeps tokens in a file sealed with AES-256-GCM under a random key held in `secrets` (the
/// OS keychain where there is one), written atomically with owner-only permissions. A missing,
/// unreadable, tampered or foreign file (other device key) loads as "no session".
class FileTokenStore : public TokenStore {
public:
    /// `secrets` must outlive the store.
    FileTokenStore(QString path, SecretStore &secrets);
    std::optional<SessionTokens> load() override;
    Result<void> save(const SessionTokens &tokens) override;
    void clear() override;
    QString path() const { return m_path; }

private:
    QString m_path;
    SecretStore &m_secrets;
};

} // namespace tq
