#include "core/account/tokenstore.h"

#include "core/common/logging.h"
#include "core/crypto/securebytes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace tq {

void SessionTokens::wipe()
{
    SecureBytes::wipe(accessToken);
    SecureBytes::wipe(refreshToken);
}

MemoryTokenStore::~MemoryTokenStore()
{
    clear();
}

std::optional<SessionTokens> MemoryTokenStore::load()
{
    return m_tokens;
}

Result<void> MemoryTokenStore::save(const SessionTokens &tokens)
{
    clear();
    m_tokens = tokens;
    return {};
}

void MemoryTokenStore::clear()
{
    if (m_tokens)
        m_tokens->wipe();
    m_tokens.reset();
}

FileTokenStore::FileTokenStore(QString path) : m_path(std::move(path)) {}

std::optional<SessionTokens> FileTokenStore::load()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray raw = file.read(64 * 1024);
    const QJsonObject o = QJsonDocument::fromJson(raw).object();
    SecureBytes::wipe(raw);
    SessionTokens t;
    t.accessToken = o.value(u"accessToken").toString();
    t.refreshToken = o.value(u"refreshToken").toString();
    t.accessExpiresAt = qint64(o.value(u"accessExpiresAt").toDouble());
    t.refreshExpiresAt = qint64(o.value(u"refreshExpiresAt").toDouble());
    t.phone = o.value(u"phone").toString();
    if (!t.isValid()) {
        qCWarning(lcCoreAccount) << "ignoring a malformed session file";
        return std::nullopt;
    }
    return t;
}

Result<void> FileTokenStore::save(const SessionTokens &tokens)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcCoreAccount) << "cannot write the session file:" << file.errorString();
        return Error(ErrorCode::Storage, file.errorString());
    }
    // Restrict before any secret is written: the temporary file inherits these permissions.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject o{
        {QStringLiteral("accessToken"), tokens.accessToken},
        {QStringLiteral("refreshToken"), tokens.refreshToken},
        {QStringLiteral("accessExpiresAt"), double(tokens.accessExpiresAt)},
        {QStringLiteral("refreshExpiresAt"), double(tokens.refreshExpiresAt)},
        {QStringLiteral("phone"), tokens.phone},
    };
    QByteArray raw = QJsonDocument(o).toJson(QJsonDocument::Compact);
    const bool written = file.write(raw) == raw.size();
    SecureBytes::wipe(raw);
    if (!written || !file.commit()) {
        qCWarning(lcCoreAccount) << "cannot commit the session file:" << file.errorString();
        return Error(ErrorCode::Storage, file.errorString());
    }
    return {};
}

void FileTokenStore::clear()
{
    QFile::remove(m_path);
}

} // namespace tq
