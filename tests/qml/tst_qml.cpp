// Qt Quick Test runner: the real QML module and view models, against a real server on loopback.
#include "appcontroller.h"
#include "core/account/accountsession.h"
#include "core/certificates/certificateservice.h"
#include "core/crypto/x509.h"
#include "core/identity/identityservice.h"
#include "scanhelper.h"
#include "core/keys/devicekeycustody.h"
#include "core/keys/secretstore.h"
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
        m_api = std::make_unique<tq::ApiClient>(m_backend.url());
        m_session = std::make_unique<tq::AccountSession>(m_api.get(), std::make_unique<tq::MemoryTokenStore>());
        m_identity = std::make_unique<tq::IdentityService>(m_session.get());
        // Both custodies as on a phone; new SM2 keys go where TONGQIAN_TEST_CUSTODY says (the
        // second ctest run, tst_qml_twoparty, puts them in two-party custody).
        tq::LocalKeyCustody::Options local;
        local.directory = m_device.filePath(QStringLiteral("keys"));
        local.kdfParams = tq::PasswordHash::Params{10, 8, 1}; // real scrypt, test-sized cost
        auto secrets = std::make_shared<tq::FileSecretStore>(m_device.filePath(QStringLiteral("device")));
        auto transport = std::make_shared<tq::ApiCosignTransport>(m_session->client());
        m_custody = std::make_unique<tq::DeviceKeyCustody>(
            std::make_shared<tq::LocalKeyCustody>(local, secrets),
            std::make_shared<tq::TwoPartyKeyCustody>(tq::TwoPartyKeyCustody::Options{local.directory, {}}, secrets,
                                                     transport));
        const tq::CustodyKind preferred = tq::test::TestDevice::defaultCustody();
        m_custody->setPreferred(preferred);
        m_certificates = std::make_unique<tq::CertificateService>(
            m_session.get(), m_custody.get(), m_device.filePath(QStringLiteral("certificates.json")));
        m_transactions = std::make_unique<tq::TransactionService>(m_session.get(), m_custody.get(), m_certificates.get());
        m_app = std::make_unique<tq::AppController>(m_session.get(), m_identity.get(), m_certificates.get(),
                                                    m_transactions.get(),
                                                    tq::AppController::Options{true, false, m_device.filePath(QStringLiteral("settings.ini"))});
        tq::AppController::setInstance(m_app.get());
        m_scanHelper.setUp(&m_backend, m_certificates.get());
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
    std::unique_ptr<tq::ApiClient> m_api;
    std::unique_ptr<tq::AccountSession> m_session;
    std::unique_ptr<tq::IdentityService> m_identity;
    std::unique_ptr<tq::DeviceKeyCustody> m_custody;
    std::unique_ptr<tq::CertificateService> m_certificates;
    std::unique_ptr<tq::TransactionService> m_transactions;
    std::unique_ptr<tq::AppController> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)
#include "tst_qml.moc"
