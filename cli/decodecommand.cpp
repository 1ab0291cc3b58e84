#include "cli/decodecommand.h"

#include "core/common/errortext.h"
#include "core/scan/qrdecoder.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace tq::cli {

int runDecode(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Decode the QR codes in image files."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per file and line."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Image files (PNG, JPEG, WebP, ...)."),
                                 QStringLiteral("FILE..."));
    QTextStream err(stderr);
    // QCommandLineParser expects the program name first.
    if (!parser.parse(QStringList{QStringLiteral("tongqian-cli decode")} + arguments)) {
        err << "tongqian-cli decode: " << parser.errorText() << '\n';
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        err << "tongqian-cli decode: no image file given (try --help)\n";
        return 2;
    }

    QTextStream out(stdout);
    out.setEncoding(QStringConverter::Utf8);
    int exitCode = 0;
    for (const QString &file : files) {
        const auto result = QrDecoder::decodeFile(file);
        if (!result) {
            err << "tongqian-cli decode: " << file << ": " << userMessage(result.error()) << '\n';
            err.flush();
            exitCode = 1;
            continue;
        }
        QStringList texts;
        for (const DecodedCode &code : result.value())
            texts.append(code.text);
        if (parser.isSet(json)) {
            const QJsonObject line{{QStringLiteral("file"), file}, {QStringLiteral("texts"), QJsonArray::fromStringList(texts)}};
            out << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << '\n';
        } else {
            for (const QString &text : texts)
                out << text << '\n';
        }
        out.flush(); // keep stdout and stderr lines in file order
    }
    return exitCode;
}

} // namespace tq::cli
