// Qt Quick Test runner: the real QML module and view models, against a real server on loopback.
#include "appcontroller.h"
#include "core/account/accountsession.h"
#include "core/identity/identityservice.h"
#include "scanhelper.h"
#include "testbackend.h"

#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickStyle>
#include <QStandardPaths>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(TongqianPlugin)

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
        m_app = std::make_unique<tq::AppController>(m_session.get(), m_identity.get(),
                                                    tq::AppController::Options{true, false});
        tq::AppController::setInstance(m_app.get());
    }
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        engine->rootContext()->setContextProperty(QStringLiteral("testBackend"), &m_backend);
        engine->rootContext()->setContextProperty(QStringLiteral("scanHelper"), &m_scanHelper);
    }
    void cleanupTestCase() { tq::AppController::setInstance(nullptr); }

private:
    tq::test::TestBackend m_backend;
    ScanHelper m_scanHelper;
    std::unique_ptr<tq::ApiClient> m_api;
    std::unique_ptr<tq::AccountSession> m_session;
    std::unique_ptr<tq::IdentityService> m_identity;
    std::unique_ptr<tq::AppController> m_app;
};

QUICK_TEST_MAIN_WITH_SETUP(tst_qml, Setup)
#include "tst_qml.moc"
