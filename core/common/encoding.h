#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

#include <optional>

class QJsonValue;

namespace tq {

/// The text forms of bytes and times used in JSON, database rows and console output, in one
/// place so that every component writes and reads them alike. Pure functions; thread-safe.

/// Standard base64 (with padding) of `bytes`.
QString toBase64Text(QByteArrayView bytes);

/// The bytes of a JSON string in strict standard base64. Nothing for anything else: not a
/// string, empty, or text that does not decode completely (no half-decoded input).
std::optional<QByteArray> fromBase64Text(const QJsonValue &value);
/// fromBase64Text() of text (a database column, a header).
std::optional<QByteArray> fromBase64Text(const QString &text);
/// fromBase64Text(), empty where that gives nothing: for fields whose emptiness is checked later.
QByteArray bytesFromBase64Text(const QJsonValue &value);

/// Lower-case hex of `bytes`, no separators.
QString toHexText(QByteArrayView bytes);

/// ISO 8601 in UTC, whole seconds ("2026-12-07T11:55:45Z"); empty for an invalid time.
QString utcText(const QDateTime &time);
/// utcText() of a time given in seconds since the Unix epoch.
QString utcTextFromSecs(qint64 secs);
/// The time in an ISO 8601 JSON string; an invalid QDateTime for anything else.
QDateTime timeFromText(const QJsonValue &value);

} // namespace tq
