#pragma once

#include "core/common/error.h"

#include <QString>

#include <optional>

namespace tq {

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

/// Where the session's tokens live between runs. Desktop keeps them in an owner-only file
/// (FileTokenStore); kiosk mode keeps them in memory only (MemoryTokenStore) so nothing of a
/// user reaches the disk. Implementations are used from one thread.
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

/// Keeps tokens in a JSON file written atomically (QSaveFile) with owner-only permissions.
/// A missing, unreadable or malformed file loads as "no session".
class FileTokenStore : public TokenStore {
public:
    explicit FileTokenStore(QString path);
    std::optional<SessionTokens> load() override;
    Result<void> save(const SessionTokens &tokens) override;
    void clear() override;
    QString path() const { return m_path; }

private:
    QString m_path;
};

} // namespace tq
