#include "demo-platform/forms.h"
#include "core/common/apierrors.h"

#include <QUrlQuery>

namespace tq::demo {

namespace {

Error invalid(const QString &why)
{
    return Error(ApiError::InvalidRequest, why);
}

// The value of `name="…"` (or `name=…`) in a header's parameters.
QByteArray parameter(const QByteArray &header, const QByteArray &name)
{
    for (QByteArray part : header.split(';')) {
        part = part.trimmed();
        if (!part.startsWith(QByteArray(name + '=')))
            continue;
        QByteArray value = part.mid(name.size() + 1);
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

Result<QHash<QString, FormField>> parseMultipart(const QByteArray &boundary, const QByteArray &body)
{
    if (boundary.isEmpty() || boundary.size() > 70)
        return invalid(QStringLiteral("The form has no valid multipart boundary."));
    const QByteArray delimiter = "--" + boundary;
    QHash<QString, FormField> out;
    qsizetype pos = body.indexOf(delimiter);
    if (pos != 0)
        return invalid(QStringLiteral("The form body does not start with its boundary."));
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return out;
        if (body.mid(pos, 2) != "\r\n")
            return invalid(QStringLiteral("The form body is malformed."));
        pos += 2;
        const qsizetype headerEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), pos);
        if (headerEnd < 0 || next < 0 || headerEnd > next)
            return invalid(QStringLiteral("The form body is malformed."));
        QByteArray disposition;
        for (const QByteArray &line : body.mid(pos, headerEnd - pos).split('\n')) {
            if (line.trimmed().toLower().startsWith("content-disposition:"))
                disposition = line.trimmed().mid(20);
        }
        const QString name = QString::fromUtf8(parameter(disposition, "name"));
        if (name.isEmpty() || out.contains(name))
            return invalid(QStringLiteral("A form field has no name or appears twice."));
        FormField field;
        field.value = body.mid(headerEnd + 4, next - headerEnd - 4);
        field.fileName = QString::fromUtf8(parameter(disposition, "filename"));
        out.insert(name, field);
        pos = next + 2;
    }
}

} // namespace

Result<QHash<QString, FormField>> parseForm(const QByteArray &contentType, const QByteArray &body, qsizetype maxBytes)
{
    if (body.size() > maxBytes)
        return Error(ApiError::PayloadTooLarge,
                     QStringLiteral("The form is larger than %1 KiB; choose a smaller file.").arg(maxBytes / 1024));
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    if (type == "multipart/form-data")
        return parseMultipart(parameter(contentType, "boundary"), body);
    if (type != "application/x-www-form-urlencoded")
        return invalid(QStringLiteral("Send the form as a web form (urlencoded or multipart)."));
    QByteArray plus = body;
    plus.replace('+', "%20");
    QHash<QString, FormField> out;
    for (const auto &[name, value] : QUrlQuery(QString::fromLatin1(plus)).queryItems(QUrl::FullyDecoded)) {
        if (name.isEmpty() || out.contains(name))
            return invalid(QStringLiteral("A form field has no name or appears twice."));
        out.insert(name, FormField{value.toUtf8(), {}});
    }
    return out;
}

} // namespace tq::demo
