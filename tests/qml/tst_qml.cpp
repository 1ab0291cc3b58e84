// Qt Quick Test runner: the real QML module and view models, against a real server on loopback.
#include "appcontroller.h"
#include "core/crypto/x509.h"
#include "core/device/deviceprofile.h"
#include "scanhelper.h"
#include "testbackend.h"
#include "testparties.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>

#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(TongqianPlugin)

/// What the QML tests cannot see from the pages: files on disk.
class TestFiles : public QObject {
    Q_OBJECT
public:
    /// A path inside a directory removed after the run.
    Q_INVOKABLE QString tempPath(const QString &name) const { return m_dir.filePath(name); }
    /// Where screenshots for people to look at go (build/…/artifacts).
    Q_INVOKABLE QString artifactPath(const QString &name) const
    {
        QDir().mkpath(QStringLiteral(TONGQIAN_ARTIFACTS));
        return QDir(QStringLiteral(TONGQIAN_ARTIFACTS)).filePath(name);
    }
    /// Grabs what `window` shows; on a real display (not offscreen, where Material's shader
    /// effects are not drawn) saves it as the image `name` among the artifacts. False if the
    /// grab or the save fails.
    Q_INVOKABLE bool saveScreenshot(QQuickWindow *window, const QString &name) const
    {
        const QImage image = window ? window->grabWindow() : QImage();
        if (image.isNull())
            return false;
        if (QGuiApplication::platformName() == QLatin1String("offscreen"))
            return true;
        return image.save(artifactPath(name));
    }
    /// The upper-case hex serial of the certificate in the DER or PEM file at `path`, or empty
    /// if the file is missing or holds no certificate.
    Q_INVOKABLE QString certificateSerial(const QString &path) const
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const auto cert = tq::Certificate::parse(file.readAll());
        return cert ? cert.value().serialHex : QString();
    }

private:
    QTemporaryDir m_dir;
};

class Setup : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        QStandardPaths::setTestModeEnabled(true);
        QQuickStyle::setStyle(QStringLiteral("Material"));
        if (!m_backend.start())
            qFatal("the test server did not start");
        // The app's wiring: both custodies as on a phone; new SM2 keys go where
        // TONGQIAN_TEST_CUSTODY says (the second ctest run, tst_qml_twoparty, puts them in
        // two-party custody).
        m_profile = std::make_unique<tq::DeviceProfile>(tq::test::testProfileOptions(m_device.path(), m_backend.url()));
        m_app = std::make_unique<tq::AppController>(
            m_profile->session(), m_profile->identity(), m_profile->certificates(), m_profile->transactions(),
            tq::AppController::Options{true, false, m_device.filePath(QStringLiteral("settings.ini"))});
        tq::AppController::setInstance(m_app.get());
        m_scanHelper.setUp(&m_backend, m_profile->certificates());
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("testBackend"), &m_backend);
        engine->rootContext()->setContextProperty(QStringLiteral("scanHelper"), &m_scanHelper);
        engine->rootContext()->setContextProperty(QStringLiteral("testFiles"), &m_files);
    }
    void cleanupTestCase() { tq::AppController::setInstance(nullptr); }

private:
    tq::test::TestBackend m_backend;
    ScanHelper m_scanHelper;
    TestFiles m_files;
    QTemporaryDir m_device;
    std::unique_ptr<tq::DeviceProfile> m_profile;
    std::unique_ptr<tq::AppController> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)
#include "tst_qml.moc"
