#pragma once

#include <QByteArray>
#include <QString>

namespace tq::demo::pages {

/// A complete HTML document with the platform's header, small CSS and `body` (already HTML).
/// `script` (optional) is inline JavaScript run at the end of the body.
QByteArray document(const QString &title, const QString &body, const QString &script = {});
/// The index: one card per action.
QByteArray index(const QString &platformName, const QString &platformCode, const QString &serverUrl);
/// The start page of an action with a form (`kind`: sign, seal, message, bid).
QByteArray form(const QString &kind);
/// A page that says what went wrong, for invalid input or a failed call.
QByteArray error(const QString &title, const QString &message);
/// `text` escaped for HTML text and attribute values.
QString esc(const QString &text);

} // namespace tq::demo::pages
