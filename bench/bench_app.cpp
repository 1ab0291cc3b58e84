// bench_app: the app's cold start and memory. Starts the real `tongqian` executable N times
// offscreen with a fresh data directory each time (so the embedded server creates its
// database, CA and keys as on first use), and reports, median and p95:
//  - wall time from process start to the first rendered frame (measured here, exec included),
//  - the same from the app's own main() (printed by --self-test),
//  - resident memory after every page has been loaded.
// Usage: bench_app [--short] [--runs N]
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace {

struct Run {
    qint64 wallFirstFrameMs = -1;
    qint64 mainFirstFrameMs = -1;
    qint64 residentKiB = -1;
};

[[noreturn]] void die(const char *what, const QString &why = {})
{
    std::fprintf(stderr, "bench_app: %s %s\n", what, qPrintable(why));
    std::exit(1);
}

Run runOnce()
{
    QTemporaryDir data;
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), data.path());
    // No D-Bus: the device key goes to owner-only files at once instead of waiting for a keychain.
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent"));
    app.setProcessEnvironment(env);
    Run run;
    QElapsedTimer clock;
    QByteArray output;
    const QRegularExpression firstFrame(QStringLiteral("first frame after (\\d+) ms"));
    const QRegularExpression memory(QStringLiteral("resident memory (\\d+) KiB"));
    QObject::connect(&app, &QProcess::readyReadStandardOutput, &app, [&] {
        output += app.readAllStandardOutput();
        if (run.wallFirstFrameMs < 0 && output.contains("first frame"))
            run.wallFirstFrameMs = clock.elapsed();
    });
    clock.start();
    app.start(QStringLiteral(TONGQIAN_APP_PATH), {QStringLiteral("--self-test")});
    if (!app.waitForFinished(120000) || app.exitCode() != 0)
        die("the app's self-test failed:", QString::fromLocal8Bit(output + app.readAllStandardError()));
    output += app.readAllStandardOutput();
    const QString text = QString::fromLocal8Bit(output);
    if (auto m = firstFrame.match(text); m.hasMatch())
        run.mainFirstFrameMs = m.captured(1).toLongLong();
    if (auto m = memory.match(text); m.hasMatch())
        run.residentKiB = m.captured(1).toLongLong();
    if (run.mainFirstFrameMs < 0 || run.residentKiB < 0 || run.wallFirstFrameMs < 0)
        die("unexpected self-test output:", text);
    return run;
}

qint64 percentile(QList<qint64> values, double p)
{
    std::sort(values.begin(), values.end());
    const qsizetype i = std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(i);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int runs = args.contains(QStringLiteral("--short")) ? 2 : 15;
    if (const qsizetype i = args.indexOf(QStringLiteral("--runs")); i >= 0 && i + 1 < args.size())
        runs = std::max(1, args.at(i + 1).toInt());

    QList<qint64> wall, fromMain, resident;
    for (int i = 0; i < runs; ++i) {
        const Run r = runOnce();
        wall.append(r.wallFirstFrameMs);
        fromMain.append(r.mainFirstFrameMs);
        resident.append(r.residentKiB);
    }
    std::printf("bench_app: %d cold starts offscreen, %s, %s, %d CPUs\n", runs,
                qPrintable(QDateTime::currentDateTimeUtc().toString(Qt::ISODate)), qPrintable(QSysInfo::prettyProductName()),
                QThread::idealThreadCount());
    std::printf("  first frame, from process start: median %lld ms, p95 %lld ms\n", percentile(wall, 0.5),
                percentile(wall, 0.95));
    std::printf("  first frame, from main():        median %lld ms, p95 %lld ms\n", percentile(fromMain, 0.5),
                percentile(fromMain, 0.95));
    std::printf("  resident memory, every page loaded: median %.1f MiB, max %.1f MiB\n",
                double(percentile(resident, 0.5)) / 1024.0, double(percentile(resident, 1.0)) / 1024.0);
    return 0;
}
