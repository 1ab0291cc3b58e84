#include "demo-platform/pages.h"

#include "demo-platform/qrsvg.h"

#include "core/common/encoding.h"

#include <QFile>
#include <QHash>

namespace tq::demo::pages {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

namespace {

QByteArray resource(const QString &name)
{
    QFile file(QStringLiteral(":/demo-platform/web/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QString kindName(TransactionKind kind)
{
    static const char *names[] = {"登录 Login", "签名 Sign", "签章 Seal", "消息签名 Message signature",
                                  "授权加密 Encrypt", "投标 Bid submission", "开标 Bid opening"};
    return QString::fromUtf8(names[int(kind)]);
}

} // namespace

std::optional<StaticFile> staticFile(const QString &name)
{
    static const QHash<QString, QByteArray> types{
        {QStringLiteral("style.css"), QByteArrayLiteral("text/css; charset=utf-8")},
        {QStringLiteral("status.js"), QByteArrayLiteral("text/javascript; charset=utf-8")},
        {QStringLiteral("pending.js"), QByteArrayLiteral("text/javascript; charset=utf-8")},
    };
    const auto type = types.constFind(name);
    if (type == types.constEnd())
        return std::nullopt;
    return StaticFile{*type, resource(name)};
}

QByteArray document(const QString &title, const QString &body, const QStringList &scripts)
{
    static const QString frame = QString::fromUtf8(resource(QStringLiteral("page.html"))).trimmed();
    QString scriptElements;
    for (const QString &script : scripts)
        scriptElements += QStringLiteral("<script src=\"/static/%1\"></script>").arg(esc(script));
    return frame.arg(esc(title), body, scriptElements).toUtf8();
}

QByteArray index(const QString &platformName, const QString &platformCode, const QString &serverUrl)
{
    struct Card {
        const char *href;
        const char *title;
        const char *what;
    };
    static const Card cards[] = {
        {"/login", "登录 Login", "Scan to log in; shows who logged in with which certificate."},
        {"/sign", "签名 Sign", "Sign a text or a file by its SM3 hash."},
        {"/seal", "签章 Seal", "Seal a document this platform hosts; the app downloads and checks it."},
        {"/message", "消息签名 Message signature", "Sign a short message."},
        {"/encrypt", "授权加密 Encrypt", "Obtain the bidder's encryption certificate."},
        {"/bid", "投标 Bid submission", "Upload a bid file; it is encrypted to the bidder's encryption certificate."},
        {"/bids", "开标 Bid opening", "Open a submitted bid: the bidder decrypts the session key for us."},
    };
    QString body = QStringLiteral("<p>%1 (<code>%2</code>) — relying party of the Tongqian server <code>%3</code>.</p>"
                                  "<div class=\"cards\">")
                       .arg(esc(platformName), esc(platformCode), esc(serverUrl));
    for (const Card &c : cards)
        body += QStringLiteral("<div class=\"card\"><a href=\"%1\">%2</a><p>%3</p></div>")
                    .arg(QLatin1String(c.href), QString::fromUtf8(c.title), QString::fromUtf8(c.what));
    body += QStringLiteral("</div>");
    return document(QStringLiteral("交易平台 Trading platform"), body);
}

QByteArray form(const QString &kind)
{
    struct Form {
        const char *kind;
        const char *title;
        const char *intro;
        const char *textField; ///< name of a textarea, or nullptr
        bool file;
        const char *button;
    };
    static const Form forms[] = {
        {"sign", "签名 Sign", "Text to sign, or a file (its SM3 hash is signed):", "text", true, "Create QR code"},
        {"seal", "签章 Seal",
         "Document to seal (empty: a sample tender document). This platform hosts it and the app downloads it and "
         "checks its size and SM3 digest.",
         nullptr, true, "Create QR code"},
        {"message", "消息签名 Message signature", "Message (1–2000 characters):", "message", false, "Create QR code"},
        {"bid", "投标 Bid submission",
         "Bid file (at most 1 MiB). The bidder scans to give us their encryption certificate; we encrypt the file "
         "with a fresh SM4 session key wrapped to it.",
         nullptr, true, "Submit bid"},
    };
    const Form *f = &forms[0];
    for (const Form &candidate : forms) {
        if (kind == QLatin1String(candidate.kind))
            f = &candidate;
    }
    QString fields = QStringLiteral("<p>%1</p>").arg(QString::fromUtf8(f->intro));
    if (f->textField)
        fields += QStringLiteral("<p><textarea name=\"%1\" rows=\"5\"></textarea></p>").arg(QLatin1String(f->textField));
    if (f->file)
        fields += QStringLiteral("<p><input type=\"file\" name=\"file\"></p>");
    return document(QString::fromUtf8(f->title),
                    QStringLiteral("<form method=\"post\" action=\"/%1\"%2>%3<button type=\"submit\">%4</button></form>")
                        .arg(QLatin1String(f->kind),
                             f->file ? QStringLiteral(" enctype=\"multipart/form-data\"") : QString(), fields,
                             QLatin1String(f->button)));
}

QByteArray error(const QString &title, const QString &message)
{
    return document(title, QStringLiteral("<div id=\"result\" data-status=\"error\"><p class=\"state\">%1</p>"
                                          "<p><a href=\"/\">Back</a></p></div>")
                               .arg(esc(message)));
}

QByteArray bids(const QList<std::shared_ptr<BidRecord>> &bids)
{
    QString rows;
    for (const auto &bid : bids) {
        rows += QStringLiteral("<tr><td>%1</td><td><code>%2</code></td><td>%3</td></tr>")
                    .arg(esc(bid->fileName), toHexText(bid->sm3),
                         bid->envelope ? QStringLiteral("<form method=\"post\" action=\"/bids/%1/open\"><button "
                                                        "type=\"submit\">开标 Open</button></form>")
                                             .arg(esc(bid->id))
                                       : QStringLiteral("not sealed yet"));
    }
    return document(QStringLiteral("开标 Bid opening"),
                    QStringLiteral("<table><tr><th>File</th><th>SM3</th><th></th></tr>%1</table>").arg(rows));
}

QByteArray creating()
{
    return document(QStringLiteral("Creating the transaction…"),
                    QStringLiteral("<div id=\"result\" data-status=\"creating\">Please wait…</div>"),
                    {QStringLiteral("pending.js")});
}

QByteArray transaction(const TransactionRecord &t)
{
    QString body = QStringLiteral("<p>%1 · <code>%2</code></p>").arg(esc(t.what.isEmpty() ? kindName(t.kind) : t.what), t.tId);
    const bool open = t.status == u"pending" || t.status == u"scanned";
    if (t.status == u"pending") {
        const auto svg = qrSvg(t.qrContent);
        body += QStringLiteral("<div class=\"qr\">%1<div><p>Scan with the Tongqian app (通签) before %2.</p>"
                               "<p><code id=\"qr-text\">%3</code></p></div></div>")
                    .arg(svg ? svg.value() : esc(svg.error().message), utcText(t.expiresAt), esc(t.qrContent));
    }
    static const QHash<QString, QString> labels{
        {QStringLiteral("pending"), QStringLiteral("等待扫码 Waiting for the scan")},
        {QStringLiteral("scanned"), QStringLiteral("已扫码 Scanned; waiting for the approval")},
        {QStringLiteral("verifying"), QStringLiteral("验证中 Verifying the result")},
        {QStringLiteral("verified"), QStringLiteral("验证通过 Verified")},
        {QStringLiteral("failed"), QStringLiteral("验证失败 Verification failed")},
        {QStringLiteral("rejected"), QStringLiteral("已拒绝 The user rejected it")},
        {QStringLiteral("expired"), QStringLiteral("已过期 Expired")},
    };
    QString attributes = QStringLiteral(" data-status=\"%1\" data-tid=\"%2\" data-action=\"%3\"")
                             .arg(esc(t.status), esc(t.tId), scanActionName(t.content.action));
    for (const auto &[name, value] : {std::pair{"cert-sn", t.certSn}, std::pair{"ca-org-type", t.caOrgType},
                                      std::pair{"subject", t.subject}, std::pair{"enc-cert-sn", t.encCertSn},
                                      std::pair{"hash-match", t.hashMatch}}) {
        if (!value.isEmpty())
            attributes += QStringLiteral(" data-%1=\"%2\"").arg(QLatin1String(name), esc(value));
    }
    body += QStringLiteral("<div id=\"result\"%1><h2 class=\"state\">%2</h2>")
                .arg(attributes, labels.value(t.status, esc(t.status)));
    if (!t.reason.isEmpty())
        body += QStringLiteral("<p id=\"reason\" class=\"state\">%1</p>").arg(esc(t.reason));
    if (!t.certSn.isEmpty()) {
        body += QStringLiteral("<dl><dt>Who 谁</dt><dd id=\"subject\">%1</dd><dt>Certificate 证书</dt><dd><code>%2</code> "
                               "(caOrgType %3)</dd>")
                    .arg(esc(t.subject), esc(t.certSn), esc(t.caOrgType));
        if (!t.encCertSn.isEmpty())
            body += QStringLiteral("<dt>Encryption certificate 加密证书</dt><dd><code>%1</code></dd>").arg(esc(t.encCertSn));
        if (!t.originalHash.isEmpty())
            body += QStringLiteral("<dt>SM3 submitted</dt><dd><code id=\"original-hash\">%1</code></dd><dt>SM3 recovered</dt>"
                                   "<dd><code id=\"recovered-hash\">%2</code></dd>")
                        .arg(t.originalHash, t.recoveredHash);
        body += QStringLiteral("</dl>");
    }
    if (!t.checks.isEmpty()) {
        body += QStringLiteral("<h3>Checks passed 已通过的检查</h3><ul id=\"checks\">");
        for (const QString &c : t.checks)
            body += QStringLiteral("<li>%1</li>").arg(esc(c));
        body += QStringLiteral("</ul>");
    }
    if (t.kind == TransactionKind::BidSubmission && t.status == u"verified")
        body += QStringLiteral("<form method=\"post\" action=\"/bids/%1/open\"><button type=\"submit\">开标 Open this bid"
                               "</button></form>")
                    .arg(esc(t.bidId));
    if (!t.result.isEmpty() && !open)
        body += QStringLiteral("<form method=\"post\" action=\"/tx/%1/verify\"><button type=\"submit\">Verify again "
                               "(fresh chain and CRL)</button></form>")
                    .arg(esc(t.tId));
    body += QStringLiteral("</div><p><a href=\"/\">Back 返回</a></p>");
    return document(kindName(t.kind), body,
                    open || t.status == u"verifying" ? QStringList{QStringLiteral("status.js")} : QStringList());
}

QString commonName(const QString &subject)
{
    for (const QString &part : subject.split(QLatin1Char(','))) {
        if (part.startsWith(u"CN="))
            return part.mid(3);
    }
    return subject;
}

} // namespace tq::demo::pages
