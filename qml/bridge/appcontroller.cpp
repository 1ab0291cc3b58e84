#include "appcontroller.h"

#include "routes.h"

#include "core/account/accountsession.h"
#include "core/keys/pinmemory.h"

#include <QCoreApplication>
#include <QJSEngine>

namespace tq {

namespace {
AppController *s_instance = nullptr;
} // namespace

AppController::AppController(AccountSession *session, IdentityService *identity, CertificateService *certificates,
                             TransactionService *transactions, Options options, QObject *parent)
    : QObject(parent), m_session(session), m_options(std::move(options)), m_pins(new PinMemory(this)),
      m_settings(new AppSettings(m_pins, m_options.settingsFile, m_options.kiosk, this)), m_router(new Router(this))
{
    registerRoutes(*m_router, {session, identity, certificates, transactions, m_pins, m_settings});
    connect(session, &AccountSession::stateChanged, this, &AppController::followSession);
    connect(session, &AccountSession::accountChanged, this, &AppController::accountChanged);
    followSession();
}

AppController::~AppController()
{
    // The view models use the settings and PIN memory: they go first.
    delete m_router;
}

void AppController::setInstance(AppController *instance)
{
    s_instance = instance;
}

AppController *AppController::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT_X(s_instance, "AppController", "setInstance() must be called before QML loads");
    QJSEngine::setObjectOwnership(s_instance, QJSEngine::CppOwnership);
    return s_instance;
}

AppController::Stage AppController::stage() const
{
    if (!m_started || m_session->state() == AccountSession::State::Restoring)
        return Stage::Starting;
    return m_session->isLoggedIn() ? Stage::SignedIn : Stage::SignedOut;
}

void AppController::followSession()
{
    using Route = Router::Route;
    const bool inShell = m_router->currentArea() != Route::None;
    const bool onAccountPages = !inShell && m_router->current() != Route::None && m_router->current() != Route::Starting;
    switch (stage()) {
    case Stage::Starting:
        m_router->go(Route::Starting);
        break;
    case Stage::SignedOut:
        if (!onAccountPages) {
            m_pins->forgetAll();
            m_router->endSession();
            m_router->go(Route::Login);
        }
        break;
    case Stage::SignedIn:
        if (!inShell) {
            m_router->endSession();
            m_router->go(Route::Home);
        }
        break;
    }
    Q_EMIT stageChanged();
}

QString AppController::maskedPhone() const
{
    const QString phone = m_session->account().phone;
    if (phone.size() != 11)
        return phone;
    return phone.left(3) + QStringLiteral("****") + phone.right(4);
}

bool AppController::identityVerified() const
{
    return m_session->account().identityVerified;
}

QString AppController::serverUrl() const
{
    return m_session->api()->baseUrl().toString();
}

QString AppController::version() const
{
    return QCoreApplication::applicationVersion();
}

void AppController::start()
{
    if (m_started)
        return;
    Job *job = m_session->restore();
    connect(job, &Job::finished, this, [this] {
        m_started = true;
        followSession();
    });
}

void AppController::logout()
{
    m_session->logout();
}

} // namespace tq
