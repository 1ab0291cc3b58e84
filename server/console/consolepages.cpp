#include "server/console/consolepages.h"

#include "core/common/encoding.h"

#include <QJsonDocument>

namespace tq::server::ConsolePages {

namespace {

constexpr int OutboxRefreshSeconds = 5;

QString e(const QString &text)
{
    return text.toHtmlEscaped();
}

QString sandboxBanner(bool sandbox)
{
    return sandbox ? QStringLiteral("<div class=\"sandbox\">SANDBOX &mdash; test data only: SMS codes are shown "
                                    "here and every identity check passes. Never use real accounts.</div>")
                   : QString();
}

/// A whole page: head with the styles, banner, navigation and logout for a logged-in viewer.
QString frame(bool sandbox, const QString &title, const QString &body, const Viewer *viewer, bool refresh = false)
{
    QString nav;
    if (viewer) {
        nav = QStringLiteral("<nav><a href=\"/console\">Start</a> <a href=\"/console/platforms\">Platforms</a> ");
        if (allows(viewer->op.role, Permission::ReadAudit))
            nav += QStringLiteral("<a href=\"/console/audit\">Audit log</a> ");
        if (allows(viewer->op.role, Permission::ManageOperators))
            nav += QStringLiteral("<a href=\"/console/operators\">Operators</a> ");
        nav += QStringLiteral("<span class=\"who\">%1 (%2)</span>"
                              "<form method=\"post\" action=\"/console/logout\" class=\"inline\">"
                              "<input type=\"hidden\" name=\"csrf\" value=\"%3\"><button>Log out</button></form></nav>")
                   .arg(e(viewer->op.name), e(roleName(viewer->op.role)), e(viewer->csrf));
    }
    return QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">%1"
                          "<title>%2 &ndash; Tongqian operator console</title><style>"
                          "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                          "td,th{border:1px solid #ccc;padding:.3em .8em;text-align:left}"
                          ".code{font-family:monospace;font-size:1.2em}"
                          ".sandbox{background:#ffd400;color:#000;font-weight:bold;padding:.6em;margin-bottom:1em;"
                          "border:3px dashed #000}.notice{background:#e8f4ff;padding:.6em;border:1px solid #69c}"
                          "nav{margin-bottom:1em}nav a{margin-right:1em}.who{margin:0 1em}.inline{display:inline}"
                          "</style></head><body>%3%4<h1>%2</h1>\n%5</body></html>\n")
        .arg(refresh ? QStringLiteral("<meta http-equiv=\"refresh\" content=\"%1\">").arg(OutboxRefreshSeconds)
                     : QString(),
             e(title), sandboxBanner(sandbox), nav, body);
}

QString csrfField(const Viewer &viewer)
{
    return QStringLiteral("<input type=\"hidden\" name=\"csrf\" value=\"%1\">").arg(e(viewer.csrf));
}

QString noticeBlock(const QString &notice)
{
    return notice.isEmpty() ? QString() : QStringLiteral("<p class=\"notice\">%1</p>").arg(e(notice));
}

QString outboxTable(const QList<OutboxMessage> &messages)
{
    QString rows;
    for (const OutboxMessage &m : messages) {
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td class=\"code\">%4</td></tr>\n")
                    .arg(e(utcText(m.createdAt)), e(m.phone), e(m.purpose), e(m.text.isEmpty() ? m.code : m.text));
    }
    if (messages.isEmpty())
        rows = QStringLiteral("<tr><td colspan=\"4\">No messages yet.</td></tr>\n");
    return QStringLiteral("<h2>SMS outbox (sandbox)</h2><p>Newest first; the page refreshes every %1 seconds.</p>"
                          "<table><thead><tr><th>Sent (UTC)</th><th>Phone</th><th>Purpose</th><th>Code</th></tr>"
                          "</thead><tbody>\n%2</tbody></table>")
        .arg(OutboxRefreshSeconds)
        .arg(rows);
}

QString platformTable(const QList<Platform> &platforms, const Viewer *admin)
{
    QString rows;
    for (const Platform &p : platforms) {
        QString actions;
        if (admin) {
            actions = QStringLiteral("<td><form method=\"post\" action=\"/console/platforms/rotate\">%1"
                                     "<input type=\"hidden\" name=\"code\" value=\"%2\"><button>Rotate secret</button>"
                                     "</form><form method=\"post\" action=\"/console/platforms/callback\">%1"
                                     "<input type=\"hidden\" name=\"code\" value=\"%2\">"
                                     "<input name=\"callbackUrl\" type=\"url\" required value=\"%3\">"
                                     "<button>Change callback URL</button></form></td>")
                          .arg(csrfField(*admin), e(p.code), e(p.callbackUrl.toString()));
        }
        rows += QStringLiteral("<tr><td class=\"code\">%1</td><td>%2</td><td>%3</td><td>%4</td>%5</tr>\n")
                    .arg(e(p.code), e(p.name), e(p.callbackUrl.toString()), e(p.allowedOrigins.join(u' ')), actions);
    }
    if (platforms.isEmpty())
        rows = QStringLiteral("<tr><td colspan=\"4\">No platforms registered yet.</td></tr>\n");
    return QStringLiteral("<h2>Trading platforms</h2><table><thead><tr><th>Code</th><th>Name</th><th>Callback URL</th>"
                          "<th>Allowed origins</th>%1</tr></thead><tbody>\n%2</tbody></table>")
        .arg(admin ? QStringLiteral("<th>Actions</th>") : QString(), rows);
}

} // namespace

QString login(bool sandbox, const QString &csrf, const QString &problemText)
{
    return frame(sandbox, QStringLiteral("Log in"),
                 noticeBlock(problemText) +
                     QStringLiteral("<form method=\"post\" action=\"/console/login\">"
                                    "<input type=\"hidden\" name=\"csrf\" value=\"%1\">").arg(e(csrf)) +
                     QStringLiteral("<p><label>Operator name <input name=\"name\" required autocomplete=\"username\">"
                                    "</label></p><p><label>Password <input name=\"password\" type=\"password\" "
                                    "required autocomplete=\"current-password\"></label></p>"
                                    "<p><label>Code from the authenticator app <input name=\"totp\" required "
                                    "inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"6\"></label></p>"
                                    "<p><button>Log in</button></p></form>"),
                 nullptr);
}

QString home(const Viewer &viewer, const QList<OutboxMessage> &messages, const QList<Platform> &platforms)
{
    QString body;
    if (viewer.sandbox && allows(viewer.op.role, Permission::ReadOutbox))
        body += outboxTable(messages);
    body += platformTable(platforms, nullptr);
    return frame(viewer.sandbox, QStringLiteral("Tongqian operator console"), body, &viewer, viewer.sandbox);
}

QString platforms(const Viewer &viewer, const QList<Platform> &list, const QString &notice)
{
    const bool admin = allows(viewer.op.role, Permission::ManagePlatforms);
    QString body = noticeBlock(notice) + platformTable(list, admin ? &viewer : nullptr);
    if (admin) {
        body += QStringLiteral("<h2>Register a platform</h2><form method=\"post\" action=\"/console/platforms\">%1"
                               "<p><label>Code (a letter and 10 digits) <input name=\"code\" required></label></p>"
                               "<p><label>Name <input name=\"name\" required></label></p>"
                               "<p><label>Callback URL <input name=\"callbackUrl\" type=\"url\" required></label></p>"
                               "<p><label>Allowed origins (space-separated) <input name=\"allowedOrigins\"></label></p>"
                               "<p><button>Register</button></p></form>")
                    .arg(csrfField(viewer));
    }
    return frame(viewer.sandbox, QStringLiteral("Platforms"), body, &viewer);
}

QString audit(const Viewer &viewer, const QList<AuditEntry> &entries)
{
    QString rows;
    for (const AuditEntry &entry : entries) {
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td class=\"code\">%5</td></tr>\n")
                    .arg(e(utcText(entry.at)), e(entry.actor), e(entry.action), e(entry.subject),
                         e(QString::fromUtf8(QJsonDocument(entry.details).toJson(QJsonDocument::Compact))));
    }
    if (entries.isEmpty())
        rows = QStringLiteral("<tr><td colspan=\"5\">Nothing recorded yet.</td></tr>\n");
    return frame(viewer.sandbox, QStringLiteral("Audit log"),
                 QStringLiteral("<p>Newest first. The log is append-only.</p><table><thead><tr><th>When (UTC)</th>"
                                "<th>Operator</th><th>Action</th><th>Subject</th><th>Details</th></tr></thead>"
                                "<tbody>\n%1</tbody></table>")
                     .arg(rows),
                 &viewer);
}

QString operators(const Viewer &viewer, const QList<Operator> &list, const QString &notice)
{
    QString rows;
    for (const Operator &op : list) {
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n")
                    .arg(e(op.name), e(roleName(op.role)), e(utcText(op.createdAt)));
    }
    return frame(viewer.sandbox, QStringLiteral("Operators"),
                 noticeBlock(notice) +
                     QStringLiteral("<table><thead><tr><th>Name</th><th>Role</th><th>Created (UTC)</th></tr></thead>"
                                    "<tbody>\n%1</tbody></table><h2>Add an operator</h2>"
                                    "<form method=\"post\" action=\"/console/operators\">%2"
                                    "<p><label>Name <input name=\"name\" required></label></p>"
                                    "<p><label>Role <select name=\"role\"><option>reviewer</option>"
                                    "<option>auditor</option><option>admin</option></select></label></p>"
                                    "<p><label>Initial password (at least %3 characters) <input name=\"password\" "
                                    "type=\"password\" required autocomplete=\"new-password\"></label></p>"
                                    "<p><button>Add</button></p></form>")
                         .arg(rows, csrfField(viewer))
                         .arg(OperatorService::MinPasswordLength),
                 &viewer);
}

QString problem(const Viewer &viewer, const QString &message)
{
    return frame(viewer.sandbox, QStringLiteral("Not done"),
                 noticeBlock(message) + QStringLiteral("<p><a href=\"/console\">Back to the start page</a></p>"),
                 &viewer);
}

} // namespace tq::server::ConsolePages

namespace tq::server {

QString ConsolePages::sandboxOutbox(const QList<OutboxMessage> &messages)
{
    return frame(true, QStringLiteral("SMS outbox (sandbox)"),
                 outboxTable(messages)
                     + QStringLiteral("<p>Operators log in to the <a href=\"/console\">console</a>.</p>"),
                 nullptr, true);
}

QString consolePage(const QList<OutboxMessage> &messages, const QList<Platform> &platforms)
{
    return ConsolePages::outboxTable(messages) + ConsolePages::platformTable(platforms, nullptr);
}

} // namespace tq::server
