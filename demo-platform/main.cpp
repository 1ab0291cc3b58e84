#include "demo-platform/demoplatform.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>

#include <cstdio>

// tongqian-demo-platform: the demo trading platform as a process (see demoplatform.h).
int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tongqian-demo-platform"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tongqian demo trading platform (relying party)"));
    parser.addHelpOption();
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("Tongqian server base URL."),
                                    QStringLiteral("URL"), QStringLiteral("http://127.0.0.1:8080"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Address and port to listen on."),
                                    QStringLiteral("ADDR:PORT"), QStringLiteral("127.0.0.1:8090"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Where the platform secret and key live."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption code(QStringLiteral("code"), QStringLiteral("Platform code (系统标识码)."),
                                  QStringLiteral("C"), QStringLiteral("C1100005553"));
    const QCommandLineOption pollOnly(QStringLiteral("poll-only"),
                                      QStringLiteral("Refuse callbacks and learn results by polling only."));
    parser.addOptions({server, listen, dataDir, code, pollOnly});
    parser.process(app);

    tq::demo::DemoPlatform::Options options;
    options.serverUrl = QUrl(parser.value(server), QUrl::StrictMode);
    const QString listenValue = parser.value(listen);
    const qsizetype colon = listenValue.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = colon > 0 ? listenValue.mid(colon + 1).toUInt(&portOk) : 0;
    options.address = QHostAddress(listenValue.left(colon));
    options.code = parser.value(code);
    options.callbacks = !parser.isSet(pollOnly);
    options.dataDir = parser.isSet(dataDir)
        ? parser.value(dataDir)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!options.serverUrl.isValid() || (options.serverUrl.scheme() != u"http" && options.serverUrl.scheme() != u"https")) {
        std::fprintf(stderr, "--server must be an http(s) URL\n");
        return 2;
    }
    if (!portOk || port == 0 || port > 65535 || options.address.isNull()) {
        std::fprintf(stderr, "--listen must be ADDR:PORT, e.g. 127.0.0.1:8090\n");
        return 2;
    }
    options.port = quint16(port);

    tq::demo::DemoPlatform platform(options);
    tq::Job *start = platform.start();
    QObject::connect(start, &tq::Job::finished, &app, [&platform](tq::Job *job) {
        if (job->hasError()) {
            std::fprintf(stderr, "tongqian-demo-platform: %s\n", qPrintable(job->error().message));
            QCoreApplication::exit(1);
            return;
        }
        std::printf("Demo trading platform: %s/\n", qPrintable(platform.url().toString()));
        std::fflush(stdout);
    });
    return app.exec();
}
