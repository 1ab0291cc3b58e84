#include "core/account/tokenstore.h"

#include "core/common/logging.h"
#include "core/crypto/securebytes.h"

#include "core/common/apierrors.h"
#include "core/crypto/random.h"
#include "core/crypto/symmetric.h"
#include "core/common/privatefile.h"
#include "core/keys/secretstore.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

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

namespace {
const QString SessionKeyName = QStringLiteral("session-key");
constexpr QByteArrayView SealLabel("tongqian.session.v1");

/// The device's session key, created on first use.
Result<SecureBytes> sessionKey(SecretStore &secrets, bool create)
{
    auto key = secrets.read(SessionKeyName);
    if (key || !create || !key.error().is(ApiError::NotFound))
        return key;
    SecureBytes fresh(Random::bytes(Aead::KeySize));
    if (auto written = secrets.write(SessionKeyName, fresh); !written)
        return written.error();
    return fresh;
}
} // namespace

FileTokenStore::FileTokenStore(QString path, SecretStore &secrets) : m_path(std::move(path)), m_secrets(secrets) {}

std::optional<SessionTokens> FileTokenStore::load()
{
    auto sealed = PrivateFile::read(m_path);
    if (!sealed)
        return std::nullopt;
    auto key = sessionKey(m_secrets, false);
    if (!key) {
        qCWarning(lcCoreAccount) << "session key unavailable:" << key.error().code;
        return std::nullopt;
    }
    auto plain = Aead::open(key.value(), sealed.value(), SealLabel);
    if (!plain) {
        qCWarning(lcCoreAccount) << "ignoring a session file that does not open with this device's key";
        return std::nullopt;
    }
    QByteArray json = plain.value().view().toByteArray();
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    SecureBytes::wipe(json);
    SessionTokens t;
    t.accessToken = o.value(u"accessToken").toString();
    t.refreshToken = o.value(u"refreshToken").toString();
    t.accessExpiresAt = qint64(o.value(u"accessExpiresAt").toDouble());
    t.refreshExpiresAt = qint64(o.value(u"refreshExpiresAt").toDouble());
    t.phone = o.value(u"phone").toString();
    if (!t.isValid())
        return std::nullopt;
    return t;
}

Result<void> FileTokenStore::save(const SessionTokens &tokens)
{
    auto key = sessionKey(m_secrets, true);
    if (!key)
        return key.error();
    const QJsonObject o{
        {QStringLiteral("accessToken"), tokens.accessToken},
        {QStringLiteral("refreshToken"), tokens.refreshToken},
        {QStringLiteral("accessExpiresAt"), double(tokens.accessExpiresAt)},
        {QStringLiteral("refreshExpiresAt"), double(tokens.refreshExpiresAt)},
        {QStringLiteral("phone"), tokens.phone},
    };
    QByteArray raw = QJsonDocument(o).toJson(QJsonDocument::Compact);
    auto sealed = Aead::seal(key.value(), raw, SealLabel);
    SecureBytes::wipe(raw);
    if (!sealed)
        return sealed.error();
    if (auto dir = PrivateFile::ensureDirectory(QFileInfo(m_path).absolutePath()); !dir)
        return dir;
    return PrivateFile::write(m_path, sealed.value());
}

void FileTokenStore::clear()
{
    PrivateFile::remove(m_path);
}

} // namespace tq
