#pragma once

#include "demo-platform/records.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace tq::demo::pages {

/// The demo platform's HTML. The page frame, style sheet and scripts are resource files
/// (demo-platform/web/, served under /static/); these functions fill in the dynamic parts, with
/// every value escaped. Pure functions; thread-safe.

/// A complete HTML document: the frame (web/page.html) around `body` (already HTML), then one
/// script element per name in `scripts` (files under /static/).
QByteArray document(const QString &title, const QString &body, const QStringList &scripts = {});
/// The index: one card per action.
QByteArray index(const QString &platformName, const QString &platformCode, const QString &serverUrl);
/// The start page of an action with a form (`kind`: sign, seal, message, bid).
QByteArray form(const QString &kind);
/// A page that says what went wrong, for invalid input or a failed call.
QByteArray error(const QString &title, const QString &message);
/// The list of submitted bids, each with an Open button once sealed.
QByteArray bids(const QList<std::shared_ptr<BidRecord>> &bids);
/// The page shown while the server has not answered a transaction's creation; reloads itself.
QByteArray creating();
/// A transaction: its QR code while pending, then its status, who answered and the checks passed.
QByteArray transaction(const TransactionRecord &t);

/// A file under /static/ (style sheet, scripts): its content type and bytes; nothing for
/// unknown names.
struct StaticFile {
    QByteArray contentType;
    QByteArray content;
};
std::optional<StaticFile> staticFile(const QString &name);

/// `text` escaped for HTML text and attribute values.
QString esc(const QString &text);
/// The CN of an RFC 2253 subject, or the whole subject when it has none.
QString commonName(const QString &subject);

} // namespace tq::demo::pages
