#include "demo-platform/demoplatform.h"

#include "core/protocol/routes.h"
#include "core/common/encoding.h"
#include "core/common/privatefile.h"
#include "core/crypto/random.h"
#include "core/protocol/apiclient.h"
#include "core/protocol/platformclient.h"
#include "core/protocol/scanerrors.h"
#include "core/common/apierrors.h"

#include <QDir>
#include <QHttpServer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTimer>

#include <utility>

Q_LOGGING_CATEGORY(lcDemo, "tongqian.demo", QtInfoMsg)

namespace tq::demo {

namespace {

constexpr char RegistrationFile[] = "registration.json";
constexpr char SecretFile[] = "platform-secret";
constexpr char KeyFile[] = "encryption-key.p8";

} // namespace

DemoPlatform::DemoPlatform(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_http(std::make_unique<QHttpServer>()),
      m_api(std::make_unique<ApiClient>(m_options.serverUrl))
{
    addRoutes();
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_options.pollIntervalMs);
    connect(m_pollTimer, &QTimer::timeout, this, &DemoPlatform::pollAll);
}

DemoPlatform::~DemoPlatform()
{
    SecureBytes::wipe(m_secret);
}

QUrl DemoPlatform::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(m_options.address.toString());
    u.setPort(m_tcp ? m_tcp->serverPort() : m_options.port);
    return u;
}

QString DemoPlatform::status(const QString &tId) const
{
    const Transaction *t = byTId(tId);
    return t ? t->status : QString();
}

DemoPlatform::Transaction *DemoPlatform::byTId(const QString &tId)
{
    auto it = m_transactions.find(tId);
    return it == m_transactions.end() ? nullptr : it->get();
}

const DemoPlatform::Transaction *DemoPlatform::byTId(const QString &tId) const
{
    auto it = m_transactions.find(tId);
    return it == m_transactions.end() ? nullptr : it->get();
}

Job *DemoPlatform::start()
{
    auto *job = new ComposedJob(this);
    m_tcp = new QTcpServer(m_http.get());
    if (!m_tcp->listen(m_options.address, m_options.port)) {
        job->fail(Error(ApiError::Internal, QStringLiteral("Cannot listen on %1 port %2: %3")
                                                      .arg(m_options.address.toString())
                                                      .arg(m_options.port)
                                                      .arg(m_tcp->errorString())));
        return job;
    }
    m_http->bind(m_tcp);
    if (auto ok = loadOrCreateKey(); !ok) {
        job->fail(ok.error());
        return job;
    }
    const QDir dir(m_options.dataDir);
    const auto registration = PrivateFile::read(dir.filePath(QLatin1String(RegistrationFile)));
    const QJsonObject expected{{QStringLiteral("server"), m_options.serverUrl.toString()},
                               {QStringLiteral("code"), m_options.code},
                               {QStringLiteral("origin"), url().toString()}};
    auto secret = PrivateFile::read(dir.filePath(QLatin1String(SecretFile)));
    if (registration && secret && QJsonDocument::fromJson(registration.value()).object() == expected) {
        m_secret = secret.value();
        m_client = std::make_unique<PlatformClient>(m_options.serverUrl, m_options.code, m_secret);
        m_pollTimer->start();
        qCInfo(lcDemo).noquote() << "platform" << m_options.code << "already registered with" << m_options.serverUrl.toString();
        QTimer::singleShot(0, job, [job] { job->finish(); });
        return job;
    }
    if (secret)
        SecureBytes::wipe(secret.value());
    registerPlatform(job);
    return job;
}

Result<void> DemoPlatform::loadOrCreateKey()
{
    if (auto ok = PrivateFile::ensureDirectory(m_options.dataDir); !ok)
        return ok.error();
    const QString path = QDir(m_options.dataDir).filePath(QLatin1String(KeyFile));
    auto stored = PrivateFile::read(path);
    if (stored) {
        auto key = KeyPair::fromPrivateDer(SecureBytes(stored.value()));
        SecureBytes::wipe(stored.value());
        if (!key)
            return key.error();
        m_encryptionKey.emplace(std::move(key).value());
        return {};
    }
    if (!stored.error().is(ApiError::NotFound))
        return stored.error();
    auto key = KeyPair::generate(KeyAlgorithm::Sm2);
    if (!key)
        return key.error();
    const auto der = key.value().privateKeyDer();
    if (!der)
        return der.error();
    QByteArray bytes = der.value().view().toByteArray();
    const auto written = PrivateFile::write(path, bytes);
    SecureBytes::wipe(bytes);
    if (!written)
        return written.error();
    m_encryptionKey.emplace(std::move(key).value());
    return {};
}

void DemoPlatform::registerPlatform(ComposedJob *job)
{
    const QString origin = url().toString();
    ApiJob *call = m_api->post(
        routes::SandboxPlatforms,
        {{QStringLiteral("code"), m_options.code},
         {QStringLiteral("name"), m_options.name},
         {QStringLiteral("callbackUrl"), QString(origin + QLatin1String(CallbackPath))},
         {QStringLiteral("allowedOrigins"), QJsonArray{origin}},
         {QStringLiteral("encryptionKey"), toBase64Text(m_encryptionKey->publicKeyDer())}});
    connect(call, &Job::finished, job, [this, job, call, origin] {
        if (call->hasError()) {
            Error e = call->error();
            if (e.is(ScanError::PlatformExists))
                e.message = QStringLiteral("Platform %1 is already registered on %2 with another secret; start with "
                                           "another --code or the --data-dir that registered it.")
                                .arg(m_options.code, m_options.serverUrl.toString());
            return job->fail(e);
        }
        m_secret = call->data().value(u"secret").toString().toLatin1();
        if (m_secret.isEmpty())
            return job->fail(Error(ApiError::BadResponse, QStringLiteral("The server returned no platform secret.")));
        const QDir dir(m_options.dataDir);
        const QJsonObject registration{{QStringLiteral("server"), m_options.serverUrl.toString()},
                                       {QStringLiteral("code"), m_options.code},
                                       {QStringLiteral("origin"), origin}};
        if (auto ok = PrivateFile::write(dir.filePath(QLatin1String(SecretFile)), m_secret); !ok)
            return job->fail(ok.error());
        if (auto ok = PrivateFile::write(dir.filePath(QLatin1String(RegistrationFile)),
                                         QJsonDocument(registration).toJson());
            !ok)
            return job->fail(ok.error());
        m_client = std::make_unique<PlatformClient>(m_options.serverUrl, m_options.code, m_secret);
        m_pollTimer->start();
        qCInfo(lcDemo).noquote() << "registered platform" << m_options.code << "with" << m_options.serverUrl.toString();
        job->finish();
    });
    call->start();
}

QString DemoPlatform::createTransaction(Kind kind, ScanContent content, const QString &what, const QString &bidId)
{
    auto t = std::make_shared<Transaction>();
    t->ref = QStringLiteral("r") + toHexText(Random::bytes(12));
    t->kind = kind;
    t->content = std::move(content);
    t->what = what;
    t->bidId = bidId;
    m_transactions.insert(t->ref, t);
    ApiJob *call = m_client->createTransaction(t->content.toJson());
    connect(call, &Job::finished, this, [this, t, call] {
        if (call->hasError()) {
            t->status = QStringLiteral("error");
            t->reason = call->error().message;
            qCWarning(lcDemo).noquote() << "creating a transaction failed:" << call->error().code;
            return;
        }
        const QJsonObject d = call->data();
        t->tId = d.value(u"tId").toString();
        t->qrContent = d.value(u"qrContent").toString();
        t->pollToken = d.value(u"pollToken").toString();
        t->expiresAt = timeFromText(d.value(u"expiresAt"));
        if (t->tId.isEmpty() || t->qrContent.isEmpty() || m_transactions.contains(t->tId)) {
            t->status = QStringLiteral("error");
            t->reason = QStringLiteral("The server's answer was incomplete.");
            return;
        }
        t->status = QStringLiteral("pending");
        m_transactions.insert(t->tId, t);
    });
    call->start();
    return t->ref;
}

void DemoPlatform::pollAll()
{
    for (const auto &t : std::as_const(m_transactions)) {
        if (t->tId.isEmpty() || t->polling || t->resultSeen
            || (t->status != u"pending" && t->status != u"scanned"))
            continue;
        t->polling = true;
        ApiJob *call = m_client->poll(t->tId, t->pollToken);
        connect(call, &Job::finished, this, [this, t, call] {
            t->polling = false;
            if (call->hasError())
                return;
            const QJsonObject d = call->data();
            const QString status = d.value(u"status").toString();
            if (status == u"completed" && !t->resultSeen)
                onResult(t->tId, d.value(u"result").toObject(), {});
            else if (status == u"scanned" || status == u"rejected" || status == u"expired")
                t->status = status;
        });
        call->start();
    }
}

} // namespace tq::demo
