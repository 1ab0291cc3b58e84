// bench_server: the reference server under concurrent load on loopback (SQLite, one process).
// The server runs on its own thread (with its HTTP threads); clients are lean asynchronous
// HTTP/1.1 clients on the main thread (see LoadConnection), each with its own keep-alive
// connection, sending what apps and trading platforms send:
//  - login: password logins (production scrypt cost) by N concurrent clients,
//  - sign: platform creates a sign transaction (1 SM3 hash) → device claims → device posts
//    the binding signature and SignedData, by N concurrent clients,
//  - bid opening: the platform prepares 1,000 decrypt transactions (1 envelope each) before
//    the opening, as a live platform does; then 200 bidders scan at once: claim → answer.
// The device's cryptography (SM2 sign / decrypt / re-encrypt) runs with plain key pairs on the
// bench's worker threads (QThreadPool), so what is timed is the server plus the devices' CPU
// share on the same cores; that share is printed apart (on a live opening it runs on the
// bidders' phones).
// Usage: bench_server [--short] [--threads N] [--opening] [--repeat R]
//   N: the server's HTTP threads (default: the server's own); --opening: the bid opening only;
//   R: run each opening R times and print the medians too (the machine is shared and noisy).
#include "benchsupport.h"
#include "core/protocol/apiclient.h"
#include "core/crypto/envelopedkey.h"
#include "core/crypto/keypair.h"
#include "core/crypto/signeddata.h"
#include "core/crypto/x509.h"
#include "core/protocol/binding.h"
#include "core/protocol/platformauth.h"
#include "core/protocol/qrpayload.h"
#include "core/protocol/scancontent.h"
#include "server/server.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSemaphore>
#include <QSysInfo>
#include <QTcpSocket>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

using namespace tq;

namespace {

using bench::die;

QString b64(const QByteArray &b)
{
    return QString::fromLatin1(b.toBase64());
}

/// The server on a thread of its own, as in production where clients are other processes.
class ServerThread : public QThread {
public:
    explicit ServerThread(server::ServerConfig config) : m_config(std::move(config)) {}
    QUrl url;

protected:
    void run() override
    {
        server::Server server(m_config);
        auto started = server.start();
        if (!started)
            die("server did not start:", started.error().message);
        url = server.baseUrl();
        m_ready.release();
        exec();
        server.stop();
    }

public:
    void waitReady() { m_ready.acquire(); }

private:
    server::ServerConfig m_config;
    QSemaphore m_ready;
};

QJsonObject await(ApiJob *job, const char *what)
{
    return bench::finished(job, what)->data();
}

/// A bidder: account token, SM2 signing certificate and key, encryption certificate and key.
struct Bidder {
    QString phone;
    QString token;
    std::shared_ptr<KeyPair> signingKey;
    std::shared_ptr<KeyPair> encryptionKey;
    Certificate signing;
    Certificate encryption;
};

const QString Password = QStringLiteral("Tongqian2026");

Bidder makeBidder(ApiClient &api, int index)
{
    Bidder b;
    b.phone = QStringLiteral("1390000%1").arg(index, 4, 10, QLatin1Char('0'));
    await(api.post(QStringLiteral("/sms-codes"), {{QStringLiteral("phone"), b.phone}, {QStringLiteral("purpose"), QStringLiteral("register")}}),
          "sms code");
    const QJsonObject outbox = await(api.get(QStringLiteral("/sandbox/sms-outbox?phone=") + b.phone), "outbox");
    const QString code = outbox.value(u"messages").toArray().first().toObject().value(u"code").toString();
    const QJsonObject account = await(api.post(QStringLiteral("/accounts"), {{QStringLiteral("phone"), b.phone},
                                                                            {QStringLiteral("smsCode"), code},
                                                                            {QStringLiteral("password"), Password}}),
                                      "register");
    b.token = account.value(u"session").toObject().value(u"accessToken").toString();
    await(api.post(QStringLiteral("/identity/verifications"),
                   {{QStringLiteral("name"), QStringLiteral("张三")}, {QStringLiteral("idNumber"), QStringLiteral("11010519491231002X")}},
                   b.token),
          "identity");
    b.signingKey = std::make_shared<KeyPair>(KeyPair::generate(KeyAlgorithm::Sm2).value());
    const auto csr = Csr::create(*b.signingKey, {{QStringLiteral("CN"), QStringLiteral("bench")}});
    if (!csr)
        die("csr", csr.error().message);
    const QJsonObject proof{{QStringLiteral("method"), QStringLiteral("identity")},
                            {QStringLiteral("name"), QStringLiteral("张三")},
                            {QStringLiteral("idNumber"), QStringLiteral("11010519491231002X")}};
    const QJsonObject issued = await(api.post(QStringLiteral("/certificates"),
                                              {{QStringLiteral("csr"), b64(csr.value())}, {QStringLiteral("proof"), proof}},
                                              b.token),
                                     "certificate");
    b.signing = Certificate::parse(QByteArray::fromBase64(issued.value(u"certificate").toObject().value(u"der").toString().toLatin1())).value();
    b.encryption = Certificate::parse(
                       QByteArray::fromBase64(issued.value(u"encryptionCertificate").toObject().value(u"der").toString().toLatin1()))
                       .value();
    auto opened = EnvelopedKey::open(QByteArray::fromBase64(issued.value(u"encryptionKeyEnvelope").toString().toLatin1()),
                                     *b.signingKey);
    if (!opened)
        die("envelope", opened.error().message);
    b.encryptionKey = std::make_shared<KeyPair>(std::move(opened).value());
    return b;
}

/// CPU time spent in deviceResult(), ns, on whichever threads ran it.
std::atomic<qint64> g_deviceCpuNs = 0;

/// The app's answer to a claimed transaction, with plain key pairs. `decryptList`, if not
/// empty, is the envelopes' answer worked out beforehand (see envelopeAnswers()).
QJsonObject deviceAnswer(const Bidder &b, const QJsonObject &view, const QJsonArray &decryptList);

QJsonObject deviceResult(const Bidder &b, const QJsonObject &view, const QJsonArray &decryptList = {})
{
    const qint64 start = bench::threadCpuNs();
    QJsonObject answer = deviceAnswer(b, view, decryptList);
    g_deviceCpuNs += bench::threadCpuNs() - start;
    return answer;
}

/// The device's answer to envelopes: each session key decrypted, then encrypted to the platform.
QJsonArray envelopeAnswers(const Bidder &b, const QList<ScanEnvelope> &envelopes, const PublicKey &platformKey)
{
    QJsonArray list;
    for (const ScanEnvelope &e : envelopes) {
        const auto sessionKey = b.encryptionKey->decrypt(e.encryptStr).value();
        list.append(QJsonObject{{QStringLiteral("decryptKey"), e.key},
                                {QStringLiteral("decryptStr"), b64(platformKey.encrypt(sessionKey.view()).value())}});
    }
    return list;
}

QJsonObject deviceAnswer(const Bidder &b, const QJsonObject &view, const QJsonArray &decryptList)
{
    const auto content = ScanContent::fromJson(view);
    if (!content)
        die("view", content.error().message);
    const QJsonObject platform = view.value(u"platform").toObject();
    const QByteArray recipient = QByteArray::fromBase64(platform.value(u"encryptionKey").toString().toLatin1());
    const Binding binding{content.value(), platform.value(u"code").toString(), view.value(u"tId").toString(),
                          view.value(u"challenge").toString(), b.signing.serialHex, recipient};
    QJsonObject body{{QStringLiteral("certSn"), b.signing.serialHex},
                     {QStringLiteral("bindingSignature"), b64(b.signingKey->sign(binding.statement().value()).value())}};
    QJsonArray signatures;
    for (const ScanItem &item : content.value().signItems()) {
        const auto der = SignedData::signDetachedDigest(SignedData::keySigner(*b.signingKey), b.signing, item.digest);
        signatures.append(QJsonObject{{QStringLiteral("key"), item.key}, {QStringLiteral("signatureValue"), b64(der.value())}});
    }
    if (!signatures.isEmpty())
        body.insert(QStringLiteral("signatures"), signatures);
    if (!decryptList.isEmpty())
        body.insert(QStringLiteral("decryptList"), decryptList);
    else if (!content.value().envelopes.isEmpty())
        body.insert(QStringLiteral("decryptList"),
                    envelopeAnswers(b, content.value().envelopes, PublicKey::fromDer(recipient).value()));
    return body;
}

struct Figures {
    int done = 0;
    int failed = 0;
    double seconds = 0;
    double processCpuSeconds = 0; ///< all threads: server, clients, callback receiver
    double clientCpuSeconds = 0;  ///< the clients' thread (HTTP clients, callback receiver)
    QList<qint64> latenciesUs;

    qint64 percentileMs(double p) const
    {
        if (latenciesUs.isEmpty())
            return 0;
        QList<qint64> v = latenciesUs;
        std::sort(v.begin(), v.end());
        return v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size() - 1) + 0.5))) / 1000;
    }
    void print(const char *name, int clients) const
    {
        std::printf("  %-28s %4d clients  %5d done %3d failed  %7.2f s  %8.1f /s  p50 %5lld ms  p99 %5lld ms"
                    "  CPU %.2f s (clients' thread %.2f s)\n",
                    name, clients, done, failed, seconds, seconds > 0 ? done / seconds : 0.0, percentileMs(0.5),
                    percentileMs(0.99), processCpuSeconds, clientCpuSeconds);
    }
};

/// The middle value (the mean of the two middle ones for an even count).
double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0 : (values.at((n - 1) / 2) + values.at(n / 2)) / 2;
}

/// A lean HTTP/1.1 load client: one keep-alive connection on the calling thread, one request
/// at a time, bodies with Content-Length. The app's ApiClient hands every request to
/// QNetworkAccessManager's own thread, and 400 such threads on this 2-core machine spent about
/// an eighth of the CPU of an opening, which on a live opening the bidders' phones spend.
class LoadConnection : public QObject {
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    /// `status` is 0 if the connection failed or no answer came within ReplyTimeoutMs.
    using Reply = std::function<void(int status, const QJsonObject &body)>;

    explicit LoadConnection(const QUrl &server) : m_server(server)
    {
        connect(&m_socket, &QTcpSocket::connected, this,
                [this] { m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1); });
        connect(&m_socket, &QTcpSocket::readyRead, this, &LoadConnection::read);
        connect(&m_socket, &QTcpSocket::disconnected, this, &LoadConnection::fail);
        connect(&m_socket, &QTcpSocket::errorOccurred, this, &LoadConnection::fail);
        m_timeout.setSingleShot(true);
        m_timeout.setInterval(ReplyTimeoutMs);
        connect(&m_timeout, &QTimer::timeout, this, [this] {
            m_socket.abort();
            fail();
        });
    }

    /// POSTs `body` to the API path `path` ("/scan/claims"); `reply` gets the answer.
    void post(const QString &path, const QByteArray &body, const Headers &headers, Reply reply)
    {
        if (m_socket.state() == QAbstractSocket::UnconnectedState) {
            m_buffer.clear();
            m_socket.connectToHost(m_server.host(), quint16(m_server.port()));
        }
        QByteArray request = "POST " + target(path) + " HTTP/1.1\r\nHost: " + m_server.authority().toLatin1()
            + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        for (const auto &[name, value] : headers)
            request += name + ": " + value + "\r\n";
        request += "\r\n" + body;
        m_reply = std::move(reply);
        m_timeout.start();
        m_socket.write(request);
    }

    /// The request target of the API path `path`, as platforms sign it.
    QByteArray target(const QString &path) const
    {
        const QString base = m_server.path().endsWith(u'/') ? m_server.path().chopped(1) : m_server.path();
        return (base + QStringLiteral("/api/v1") + path).toUtf8();
    }

private:
    void read()
    {
        m_buffer += m_socket.readAll();
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        qsizetype length = -1;
        for (const QByteArray &line : m_buffer.left(headEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (length < 0)
            die("a response without Content-Length");
        const qsizetype bodyStart = headEnd + 4;
        if (m_buffer.size() < bodyStart + length)
            return;
        const int status = m_buffer.mid(9, 3).toInt(); // "HTTP/1.1 200 OK"
        const QJsonObject body = QJsonDocument::fromJson(m_buffer.mid(bodyStart, length)).object();
        m_buffer.remove(0, bodyStart + length);
        m_timeout.stop();
        if (auto reply = std::exchange(m_reply, nullptr))
            reply(status, body);
    }
    void fail()
    {
        m_timeout.stop();
        if (auto reply = std::exchange(m_reply, nullptr))
            reply(0, {});
    }

    static constexpr int ReplyTimeoutMs = 30000;

    QUrl m_server;
    QTcpSocket m_socket;
    QTimer m_timeout;
    QByteArray m_buffer;
    Reply m_reply;
};

/// The platform's credentials, for the requests it signs.
struct PlatformCredentials {
    QString code;
    QByteArray secret;
};

/// One asynchronous client: its own connection, running `total` operations one after the
/// other through `step`, which calls `next(ok)` when an operation ends.
class Client : public QObject {
public:
    using Operation = std::function<void(Client &, std::function<void(bool)>)>;
    Client(const QUrl &url, Operation op, int count, Figures &figures, std::function<void()> whenDone)
        : http(url), m_op(std::move(op)), m_left(count), m_figures(figures), m_whenDone(std::move(whenDone))
    {
    }
    void start() { next(); }
    LoadConnection http;
    const PlatformCredentials *platform = nullptr;
    const Bidder *bidder = nullptr;
    int index = 0;

private:
    void next()
    {
        if (m_left-- <= 0)
            return m_whenDone();
        m_clock.start();
        m_op(*this, [this](bool ok) {
            ok ? ++m_figures.done : ++m_figures.failed;
            m_figures.latenciesUs.append(m_clock.nsecsElapsed() / 1000);
            QMetaObject::invokeMethod(this, [this] { next(); }, Qt::QueuedConnection);
        });
    }
    Operation m_op;
    int m_left;
    Figures &m_figures;
    std::function<void()> m_whenDone;
    QElapsedTimer m_clock;
};

enum class Caller { Anonymous, Device, Platform };

/// POSTs `json` to `path` as `caller` over c's connection: then(answer) on a 2xx answer,
/// done(false) otherwise.
void call(Client &c, Caller caller, const QString &path, const QJsonObject &json,
          std::function<void(const QJsonObject &)> then, std::function<void(bool)> done)
{
    const QByteArray body = QJsonDocument(json).toJson(QJsonDocument::Compact);
    LoadConnection::Headers headers;
    if (caller == Caller::Device)
        headers.append({"Authorization", "Bearer " + c.bidder->token.toLatin1()});
    else if (caller == Caller::Platform)
        headers = PlatformAuth::sign(c.platform->secret, "POST", c.http.target(path), c.platform->code, body).toRaw();
    c.http.post(path, body, headers,
                [path, then = std::move(then), done = std::move(done)](int status, const QJsonObject &answer) {
                    if (status < 200 || status > 299) {
                        std::fprintf(stderr, "bench_server: %s: HTTP %d %s %s\n", qPrintable(path), status,
                                     qPrintable(answer.value(u"code").toString()),
                                     qPrintable(answer.value(u"message").toString()));
                        return done(false);
                    }
                    then(answer);
                });
}

Figures runClients(const QUrl &url, int clients, int perClient, const Client::Operation &op,
                   const PlatformCredentials &platform, const QList<Bidder> &bidders)
{
    Figures figures;
    int running = clients;
    QEventLoop loop;
    std::vector<std::unique_ptr<Client>> all;
    for (int i = 0; i < clients; ++i) {
        auto c = std::make_unique<Client>(url, op, perClient, figures, [&] {
            if (--running == 0)
                loop.quit();
        });
        c->platform = &platform;
        c->bidder = &bidders.at(i % bidders.size());
        c->index = i;
        all.push_back(std::move(c));
    }
    QElapsedTimer clock;
    clock.start();
    const qint64 processCpu = bench::cpuNs();
    const qint64 clientCpu = bench::threadCpuNs();
    for (auto &c : all)
        c->start();
    loop.exec();
    figures.seconds = double(clock.nsecsElapsed()) / 1e9;
    figures.processCpuSeconds = double(bench::cpuNs() - processCpu) / 1e9;
    figures.clientCpuSeconds = double(bench::threadCpuNs() - clientCpu) / 1e9;
    return figures;
}

/// The device's part: claim `ticket`, then answer the transaction.
void claimAndAnswer(Client &c, const QString &ticket, const std::function<void(bool)> &done,
                    const QJsonArray &decryptList = {})
{
    call(c, Caller::Device, QStringLiteral("/scan/claims"), {{QStringLiteral("ticket"), ticket}},
         [&c, done, decryptList](const QJsonObject &view) {
             // Each device works out its answer on its own, as phones do side by side: on the
             // bench's worker threads, not in the clients' event loop.
             QtConcurrent::run([bidder = c.bidder, view, decryptList] { return deviceResult(*bidder, view, decryptList); })
                 .then(&c, [&c, done, tId = view.value(u"tId").toString()](const QJsonObject &answer) {
                     call(c, Caller::Device, QStringLiteral("/scan/transactions/%1/result").arg(tId), answer,
                          [done](const QJsonObject &) { done(true); }, done);
                 });
         },
         done);
}

QString ticketOf(const QJsonObject &created)
{
    return QrPayload::parse(created.value(u"qrContent").toString()).value().ticket;
}

/// create → claim → result for one transaction built by `request`.
Client::Operation scanOperation(std::function<QJsonObject(const Bidder &)> request)
{
    return [request](Client &c, std::function<void(bool)> done) {
        call(c, Caller::Platform, QStringLiteral("/platform/transactions"), request(*c.bidder),
             [&c, done](const QJsonObject &created) { claimAndAnswer(c, ticketOf(created), done); }, done);
    };
}

/// A transaction the platform prepared for the opening.
struct Prepared {
    QString ticket;
    QJsonObject request;
    QJsonArray decryptList; ///< the device's envelope answer, if worked out beforehand
};
/// Prepared transactions by client index.
using Tickets = std::shared_ptr<QList<QList<Prepared>>>;

/// The platform creates a transaction built by `request` for client c's bidder and keeps its ticket.
Client::Operation prepareOperation(std::function<QJsonObject(const Bidder &)> request, Tickets tickets)
{
    return [request, tickets](Client &c, std::function<void(bool)> done) {
        const QJsonObject body = request(*c.bidder);
        call(c, Caller::Platform, QStringLiteral("/platform/transactions"), body,
             [&c, tickets, body, done](const QJsonObject &created) {
                 (*tickets)[c.index].append({ticketOf(created), body, {}});
                 done(true);
             },
             done);
    };
}

/// Works out every device's envelope answer ahead of the opening (it needs the envelope and the
/// bidder's key, not the claim), so the timed part keeps only the binding signature, which
/// needs the claim's challenge.
void answerEnvelopesAhead(const Tickets &tickets, const QList<Bidder> &bidders, const PublicKey &platformKey)
{
    for (qsizetype i = 0; i < tickets->size(); ++i) {
        for (Prepared &p : (*tickets)[i])
            p.decryptList = envelopeAnswers(bidders.at(i % bidders.size()),
                                            ScanContent::fromJson(p.request).value().envelopes, platformKey);
    }
}

/// The bidder scans the next transaction prepared for it.
Client::Operation scanPreparedOperation(Tickets tickets)
{
    return [tickets](Client &c, std::function<void(bool)> done) {
        if ((*tickets)[c.index].isEmpty())
            return done(false);
        const Prepared p = (*tickets)[c.index].takeFirst();
        claimAndAnswer(c, p.ticket, done, p.decryptList);
    };
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // One log line per request would measure the terminal, not the server.
    QLoggingCategory::setFilterRules(QStringLiteral("tongqian.*.info=false"));
    const bool shortRun = app.arguments().contains(QStringLiteral("--short"));
    QTemporaryDir dir;
    server::ServerConfig config;
    config.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("bench.sqlite"));
    // Every bidder is the same sandbox person; the per-person limit is not what is measured.
    config.activeSigningPairsPerPerson = 1 << 20;
    if (const qsizetype at = app.arguments().indexOf(QStringLiteral("--threads")); at > 0)
        config.httpThreads = app.arguments().value(at + 1).toInt();
    ServerThread serverThread(config);
    serverThread.start();
    serverThread.waitReady();
    const QUrl url = serverThread.url;

    // The platform acknowledges its callbacks, as a live platform does; a dead callback URL
    // would add the server's retries to every figure.
    QHttpServer callbacks;
    callbacks.route(QStringLiteral("/callback"), [] { return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok); });
    const quint16 callbackPort = callbacks.listen(QHostAddress::LocalHost);
    if (!callbackPort)
        die("no port for the callback receiver");

    // Setup (not timed): a platform with an SM2 key, and bidders with dual certificates.
    ApiClient setup(url);
    const auto platformKey = KeyPair::generate(KeyAlgorithm::Sm2).value();
    const QString platformCode = QStringLiteral("C1100009999");
    const QJsonObject registered = await(
        setup.post(QStringLiteral("/sandbox/platforms"),
                   {{QStringLiteral("code"), platformCode}, {QStringLiteral("name"), QStringLiteral("Bench platform")},
                    {QStringLiteral("callbackUrl"), QStringLiteral("http://127.0.0.1:%1/callback").arg(callbackPort)},
                    {QStringLiteral("allowedOrigins"), QJsonArray{QStringLiteral("https://bench.example.cn")}},
                    {QStringLiteral("encryptionKey"), b64(platformKey.publicKeyDer())}}),
        "platform");
    const PlatformCredentials platform{platformCode, registered.value(u"secret").toString().toLatin1()};
    QList<Bidder> bidders;
    for (int i = 0; i < (shortRun ? 2 : 10); ++i)
        bidders.append(makeBidder(setup, i));

    std::printf("bench_server: %s, %s, %d CPUs, SQLite, HTTP threads %s, callbacks acknowledged\n",
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)), qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount(),
                config.httpThreads > 0 ? qPrintable(QString::number(config.httpThreads)) : "(server default)");

    const Client::Operation login = [](Client &c, std::function<void(bool)> done) {
        call(c, Caller::Anonymous, QStringLiteral("/sessions"),
             {{QStringLiteral("phone"), c.bidder->phone}, {QStringLiteral("password"), Password}}, [done](const QJsonObject &) { done(true); }, done);
    };
    const auto sign = scanOperation([](const Bidder &) {
        return QJsonObject{{QStringLiteral("action"), QStringLiteral("sign")},
                           {QStringLiteral("hashes"), QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("h1")},
                                                                             {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                                                             {QStringLiteral("value"), b64(QByteArray(32, '\x5a'))}}}}};
    });
    const auto decryptRequest = [](const Bidder &b) {
        const auto key = PublicKey::fromDer(b.encryption.publicKeyDer).value();
        return QJsonObject{{QStringLiteral("action"), QStringLiteral("decrypt")},
                           {QStringLiteral("encryptInfoList"),
                            QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("bid")},
                                                   {QStringLiteral("caOrgType"), QStringLiteral("010001")},
                                                   {QStringLiteral("encCertSn"), b.encryption.serialHex},
                                                   {QStringLiteral("encryptStr"), b64(key.encrypt(QByteArray(16, 'k')).value())}}}}};
    };

    const int loginClients = shortRun ? 2 : 10;
    const bool openingOnly = app.arguments().contains(QStringLiteral("--opening"));
    if (!openingOnly) {
        runClients(url, loginClients, shortRun ? 1 : 4, login, platform, bidders)
            .print("login (scrypt logN 15)", loginClients);
        for (int clients : shortRun ? QList<int>{2} : QList<int>{1, 10, 50}) {
            runClients(url, clients, shortRun ? 2 : std::max(200 / clients, 5), sign, platform, bidders)
                .print("sign (1 hash)", clients);
        }
    }
    // Two openings of 1,000 prepared transactions: all the devices' crypto on this machine's
    // cores, beside the server, then with the envelope answers worked out ahead, as 200 phones
    // of their own would have them; the server's work is the same.
    const int burstClients = shortRun ? 4 : 200;
    const auto platformPublicKey = PublicKey::fromDer(platformKey.publicKeyDer()).value();
    const qsizetype repeatAt = app.arguments().indexOf(QStringLiteral("--repeat"));
    const int repeats = repeatAt > 0 ? std::max(1, app.arguments().value(repeatAt + 1).toInt()) : 1;
    for (const bool ahead : {false, true}) {
        const char *name = ahead ? (shortRun ? "opening, envelopes ahead" : "bid opening, envelopes ahead")
                                 : (shortRun ? "bid opening (short)" : "bid opening, 1,000 decrypts");
        QList<double> seconds, p50s, p99s;
        for (int run = 0; run < repeats; ++run) {
            const auto tickets = std::make_shared<QList<QList<Prepared>>>(burstClients);
            const Figures prepared =
                runClients(url, burstClients, 5, prepareOperation(decryptRequest, tickets), platform, bidders);
            if (run == 0)
                prepared.print(shortRun ? "platform prepares (short)" : "platform prepares 1,000", burstClients);
            if (ahead)
                answerEnvelopesAhead(tickets, bidders, platformPublicKey);
            g_deviceCpuNs = 0;
            const Figures opening =
                runClients(url, burstClients, 5, scanPreparedOperation(tickets), platform, bidders);
            opening.print(name, burstClients);
            std::printf("  %-28s %.2f ms CPU per answer on the bench's worker threads (%.2f s in all)\n",
                        "device crypto in the bench",
                        opening.done ? double(g_deviceCpuNs) / 1e6 / opening.done : 0.0, double(g_deviceCpuNs) / 1e9);
            seconds.append(opening.seconds);
            p50s.append(double(opening.percentileMs(0.5)));
            p99s.append(double(opening.percentileMs(0.99)));
        }
        if (repeats > 1)
            std::printf("  %-28s median of %d runs: %.2f s  p50 %.0f ms  p99 %.0f ms\n", name, repeats,
                        median(seconds), median(p50s), median(p99s));
    }

    serverThread.quit();
    serverThread.wait();
    return 0;
}
