// Tongqian desktop and kiosk entry point: parse options, start the embedded back-end when no
// server is given, wire the services and load the QML module.
#include "appcontroller.h"
#include "core/crypto/securebytes.h"
#include "core/device/deviceprofile.h"
#include "core/device/kioskdirectory.h"
#ifdef TONGQIAN_EMBEDDED_SERVER
#include "server/embeddedserver.h"
#endif

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSocketNotifier>
#include <QStandardPaths>
#include <QTimer>
#include <QTranslator>
#include <QtQml/QQmlExtensionPlugin>

#include <cstdio>
#include <optional>

#ifdef Q_OS_UNIX
#include <csignal>
#include <unistd.h>
#endif

Q_IMPORT_QML_PLUGIN(TongqianPlugin)

namespace {

int s_qmlWarnings = 0;
QtMessageHandler s_previousHandler = nullptr;

void countingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type >= QtWarningMsg && context.category && QByteArrayView(context.category).startsWith("qml"))
        ++s_qmlWarnings;
    if (type >= QtWarningMsg && message.contains(u".qml:"))
        ++s_qmlWarnings;
    s_previousHandler(type, context, message);
}

void installTranslations(QGuiApplication &app, const QString &language)
{
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    // Chinese locales get the zh_CN translation; every other locale uses the English source text.
    if (locale.language() != QLocale::Chinese)
        return;
    auto *translator = new QTranslator(&app);
    if (translator->load(QStringLiteral(":/i18n/tongqian_zh_CN.qm")))
        app.installTranslator(translator);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(QLocale(QLocale::Chinese, QLocale::China), QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app.installTranslator(qtTranslator);
}

// Resident memory in KiB from /proc (Linux); -1 elsewhere.
long long residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

#ifdef Q_OS_UNIX
int s_quitPipe[2] = {-1, -1};

void requestQuit(int)
{
    // Only async-signal-safe calls here; the event loop does the rest.
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(s_quitPipe[1], &byte, 1);
}

// A kiosk stopped with SIGTERM, SIGINT or SIGHUP (a service stop, Ctrl+C, a closed terminal)
// ends its event loop like a closed window does, so its session folder is removed as at any
// exit. Only kill -9 cannot be handled; the next kiosk start removes what that leaves.
void quitOnTermination(QCoreApplication &app)
{
    if (::pipe(s_quitPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(s_quitPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    struct sigaction action = {};
    action.sa_handler = requestQuit;
    sigemptyset(&action.sa_mask);
    for (int signal : {SIGTERM, SIGINT, SIGHUP})
        ::sigaction(signal, &action, nullptr);
}
#else
void quitOnTermination(QCoreApplication &) {}
#endif

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    QGuiApplication app(argc, argv);
    // Before any thread: PINs, key material and OpenSSL's private keys stay locked in RAM.
    tq::SecureBytes::initSecureHeap();
    QGuiApplication::setApplicationName(QStringLiteral("Tongqian"));
    QGuiApplication::setOrganizationName(QStringLiteral("Tongqian"));
    QGuiApplication::setApplicationVersion(QStringLiteral(TONGQIAN_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.tongqian.Tongqian"));
    QIcon icon; // every packaged size: sharper than Qt scaling one picture down
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/tongqian-%1.png").arg(size));
    QGuiApplication::setWindowIcon(icon);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tongqian mobile certificate app"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("Use the Tongqian server at URL instead of the built-in one."),
                                          QStringLiteral("URL"));
    const QCommandLineOption kioskOption(QStringLiteral("kiosk"),
                                         QStringLiteral("Service-hall kiosk: full screen, nothing kept on disk."));
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        QStringLiteral("Interface language (zh_CN or en); default: system locale."),
                                        QStringLiteral("LANG"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
                                        QStringLiteral("Save a screenshot of the first page to FILE and quit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption selfTestOption(QStringLiteral("self-test"),
                                            QStringLiteral("Show every page, report QML problems and quit."));
    parser.addOptions({serverOption, kioskOption, langOption, shotOption, selfTestOption});
    parser.process(app);

    installTranslations(app, parser.value(langOption));
    QQuickStyle::setStyle(QStringLiteral("Material"));

    const bool kiosk = parser.isSet(kioskOption);
    // A kiosk writes only into its own session folder (RAM where there is a runtime dir), which
    // is removed at exit; the first thing it does is remove folders of sessions that were killed.
    std::optional<tq::KioskDirectory> kioskDir;
    if (kiosk) {
        kioskDir.emplace();
        if (!kioskDir->isValid()) {
            std::fprintf(stderr, "tongqian: cannot create the kiosk session folder\n");
            return 1;
        }
        quitOnTermination(app);
    }
    const QString dataDir = kiosk ? kioskDir->path() : tq::DeviceProfile::defaultDataDir();
    QDir().mkpath(dataDir);

#ifdef TONGQIAN_EMBEDDED_SERVER
    tq::server::EmbeddedServer embedded;
#endif
    QUrl serverUrl = QUrl::fromUserInput(parser.value(serverOption));
    const bool useEmbedded = !parser.isSet(serverOption);
    if (!useEmbedded && (!serverUrl.isValid() || !serverUrl.scheme().startsWith(u"http"))) {
        std::fprintf(stderr, "tongqian: --server needs an http:// or https:// URL\n");
        return 2;
    }
    if (useEmbedded) {
#ifdef TONGQIAN_EMBEDDED_SERVER
        tq::server::ServerConfig config;
        config.databaseUrl = QStringLiteral("sqlite:") + QDir(dataDir).filePath(QStringLiteral("server.sqlite"));
        auto started = embedded.start(config);
        if (!started) {
            std::fprintf(stderr, "tongqian: the built-in server did not start: %s\n",
                         qPrintable(started.error().message));
            return 1;
        }
        serverUrl = started.value();
#else
        std::fprintf(stderr, "tongqian: %s\n",
                     qPrintable(QCoreApplication::translate(
                         "main", "This build has no built-in server. Start the app with --server and the address "
                                 "of your Tongqian server, for example --server https://tongqian.example.org")));
        return 2;
#endif
    }

    // The app's account, keys and certificates; the CLI sees the same files (desktop only).
    tq::DeviceProfile::Options profile;
    profile.dataDir = dataDir;
    profile.serverUrl = serverUrl;
    profile.persistence = kiosk ? tq::DeviceProfile::Persistence::Kiosk : tq::DeviceProfile::Persistence::Desktop;
    tq::DeviceProfile device(std::move(profile));
    // A kiosk keeps nothing on disk, preferences included.
    const QString settingsFile = kiosk ? QString() : QDir(device.dataDir()).filePath(QStringLiteral("settings.ini"));
    tq::AppController controller(device.session(), device.identity(), device.certificates(), device.transactions(),
                                 {useEmbedded, kiosk, settingsFile});
    tq::AppController::setInstance(&controller);

    const bool selfTest = parser.isSet(selfTestOption);
    if (selfTest)
        s_previousHandler = qInstallMessageHandler(countingHandler);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Tongqian/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;

    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    QList<tq::Router::Route> pagesToShow;
    QMetaObject::Connection walking;
    const QString shotPath = parser.value(shotOption);
    if (window && (selfTest || !shotPath.isEmpty())) {
        // Walk every page once, each made, laid out and rendered, then finish.
        QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&, window] {
            static int frames = 0;
            // bench_app reads this line as it arrives to time a cold start from the outside too.
            if (++frames == 1 && selfTest) {
                std::printf("self-test: first frame after %lld ms\n", static_cast<long long>(sinceStart.elapsed()));
                std::fflush(stdout);
            }
            if (frames < 3)
                window->update(); // three frames even when nothing moves
            if (frames != 3)
                return;
            QTimer::singleShot(300, &app, [&, window] {
                if (!shotPath.isEmpty() && !window->grabWindow().save(shotPath)) {
                    std::fprintf(stderr, "tongqian: cannot write %s\n", qPrintable(shotPath));
                    app.exit(1);
                    return;
                }
                // Each registered page in turn, one rendered frame each, then back to the first
                // page. Pages of the shell show while signed out too: their view models cope.
                pagesToShow = controller.router()->routes();
                pagesToShow.append(controller.router()->current());
                walking = QObject::connect(window, &QQuickWindow::frameSwapped, &app, [&, window] {
                    if (!pagesToShow.isEmpty()) {
                        controller.router()->go(pagesToShow.takeFirst());
                        window->update(); // a frame even if the page did not change
                        return;
                    }
                    QObject::disconnect(walking);
                    QTimer::singleShot(200, &app, [&] {
                        if (selfTest) {
                            std::printf("self-test: resident memory %lld KiB after loading every page\n", residentKiB());
                            std::printf("self-test: %d QML warning(s)\n", s_qmlWarnings);
                        }
                        app.exit(selfTest && s_qmlWarnings > 0 ? 1 : 0);
                    });
                });
                window->update();
            });
        });
    }
    return app.exec();
}
