#include "demo-platform/pages.h"

namespace tq::demo::pages {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QByteArray document(const QString &title, const QString &body, const QString &script)
{
    static const QString css = QStringLiteral(
        "body{font-family:'Noto Sans CJK SC','Noto Sans',sans-serif;margin:0;background:#f4f6f9;color:#1c2733}"
        "header{background:#b71c1c;color:#fff;padding:12px 24px}header a{color:#fff;text-decoration:none;font-weight:bold}"
        "main{max-width:1100px;margin:24px auto;padding:0 24px}"
        ".cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}"
        ".card{background:#fff;border-radius:8px;padding:16px;box-shadow:0 1px 3px #0002}"
        ".card a{font-size:1.1em}.qr{display:flex;gap:32px;align-items:flex-start}"
        "#qr{background:#fff}textarea,input[type=text]{width:100%;box-sizing:border-box}"
        "[data-status=verified] .state{color:#1b5e20}[data-status=failed] .state,[data-status=error] .state{color:#b71c1c}"
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{font-weight:bold}"
        "code{word-break:break-all}button{font-size:1em;padding:6px 16px}");
    QString html = QStringLiteral("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%1</title>"
                                  "<style>%2</style></head><body><header><a href=\"/\">通签演示交易平台 · Tongqian demo "
                                  "trading platform</a></header><main><h1>%1</h1>%3</main>")
                       .arg(esc(title), css, body);
    if (!script.isEmpty())
        html += QStringLiteral("<script>%1</script>").arg(script);
    html += QStringLiteral("</body></html>");
    return html.toUtf8();
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

} // namespace tq::demo::pages
