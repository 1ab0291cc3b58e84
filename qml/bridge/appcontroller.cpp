#include "appcontroller.h"

#include <QCoreApplication>
#include <QJSEngine>
#include <QSettings>

#include <algorithm>
#include <iterator>

namespace tq {

namespace {
AppController *s_instance = nullptr;
const QString HomeArea = QStringLiteral("home");
const QString CertificatesArea = QStringLiteral("certificates");
const QString MeArea = QStringLiteral("me");
const QString ScanArea = QStringLiteral("scan");
const QString ReportsArea = QStringLiteral("reports");
const QString RememberPinKey = QStringLiteral("security/rememberPinMinutes");
constexpr int RememberPinChoices[] = {0, 5, 15, 30};
} // namespace

AppController::AppController(AccountSession *session, IdentityService *identity, CertificateService *certificates,
                             TransactionService *transactions, Options options, QObject *parent)
    : QObject(parent), m_session(session), m_options(std::move(options)), m_pins(new PinMemory(this)),
      m_currentArea(HomeArea),
      m_login(new LoginViewModel(session, this)),
      m_registration(new SetPasswordViewModel(session, SmsPurpose::Register, this)),
      m_passwordReset(new SetPasswordViewModel(session, SmsPurpose::ResetPassword, this)),
      m_identity(new IdentityViewModel(identity, this)),
      m_certificateList(new CertificateListModel(certificates, this)),
      m_certificateApply(new CertificateApplyViewModel(session, certificates, this)),
      m_certificateDetail(new CertificateDetailViewModel(certificates, m_pins, this)),
      m_scanFlow(new ScanFlowViewModel(transactions, m_pins, this)),
      m_scanReports(new ScanReportModel(transactions, this))
{
    connect(session, &AccountSession::stateChanged, this, [this] {
        if (m_session->isLoggedIn()) {
            // Secrets typed into the forms are not needed any more.
            m_login->reset();
            m_registration->reset();
            m_passwordReset->reset();
            m_currentArea = HomeArea;
            Q_EMIT currentAreaChanged();
            m_certificateList->refresh();
        } else {
            m_identity->reset();
            m_certificateApply->reset();
            m_certificateDetail->reset();
            m_certificateList->reset();
            m_scanFlow->reset();
            m_pins->forgetAll();
            setCertificatePage(CertificatePage::List);
            m_homeNotice.clear();
            setIdentityPageOpen(false);
        }
        Q_EMIT stageChanged();
    });
    connect(session, &AccountSession::accountChanged, this, &AppController::accountChanged);
    connect(m_passwordReset, &AccountFormViewModel::succeeded, this, [this] {
        m_login->setPhone(m_passwordReset->phone());
        m_login->setUseSmsCode(false);
        showLogin();
        m_login->setNotice(tr("Your password was changed. Log in with the new password."));
    });
    connect(m_identity, &FormViewModel::succeeded, this, [this] {
        m_identity->reset();
        setIdentityPageOpen(false);
        m_homeNotice = tr("Your real name is verified. You can now apply for a certificate.");
        Q_EMIT accountChanged();
    });
    connect(m_certificateApply, &FormViewModel::succeeded, this, [this] {
        m_certificateApply->reset();
        showCertificates();
        m_certificateList->setNotice(tr("Your certificates are issued and installed on this device."));
    });
    connect(m_certificateDetail, &CertificateDetailViewModel::revoked, m_certificateList,
            &CertificateListModel::refresh);
    if (!m_options.kiosk && !m_options.settingsFile.isEmpty()) {
        const QSettings settings(m_options.settingsFile, QSettings::IniFormat);
        setRememberPinMinutes(settings.value(RememberPinKey, 0).toInt());
    }
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

QVariantList AppController::areas() const
{
    return {
        QVariantMap{{QStringLiteral("key"), HomeArea}, {QStringLiteral("title"), tr("Home")}},
        QVariantMap{{QStringLiteral("key"), ScanArea}, {QStringLiteral("title"), tr("Scan")}},
        QVariantMap{{QStringLiteral("key"), CertificatesArea}, {QStringLiteral("title"), tr("Certificates")}},
        QVariantMap{{QStringLiteral("key"), ReportsArea}, {QStringLiteral("title"), tr("Reports")}},
        QVariantMap{{QStringLiteral("key"), MeArea}, {QStringLiteral("title"), tr("Me")}},
    };
}

int AppController::currentAreaIndex() const
{
    const QVariantList all = areas();
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (all.at(i).toMap().value(QStringLiteral("key")).toString() == m_currentArea)
            return int(i);
    }
    return 0;
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
        Q_EMIT stageChanged();
    });
}

void AppController::showLogin()
{
    setAuthPage(AuthPage::Login);
}

void AppController::showRegister()
{
    m_registration->setPhone(m_login->phone());
    setAuthPage(AuthPage::Register);
}

void AppController::showResetPassword()
{
    m_passwordReset->setPhone(m_login->phone());
    setAuthPage(AuthPage::ResetPassword);
}

void AppController::selectArea(const QString &key)
{
    if (key == m_currentArea
        || (key != HomeArea && key != ScanArea && key != CertificatesArea && key != ReportsArea && key != MeArea))
        return;
    // Leaving the scanner mid-way forgets the request and the PIN; arriving shows a fresh scanner.
    if (key == ScanArea || m_currentArea == ScanArea)
        m_scanFlow->reset();
    if (key == ReportsArea)
        m_scanReports->refresh();
    m_currentArea = key;
    Q_EMIT currentAreaChanged();
}

void AppController::logout()
{
    m_session->logout();
    setAuthPage(AuthPage::Login);
}

void AppController::setAuthPage(AuthPage page)
{
    if (page == m_authPage)
        return;
    m_login->reset();
    m_registration->reset();
    m_passwordReset->reset();
    m_authPage = page;
    Q_EMIT authPageChanged();
}

} // namespace tq

namespace tq {

void AppController::showIdentityVerification()
{
    if (!m_session->isLoggedIn() || identityVerified())
        return;
    m_identity->reset();
    selectArea(HomeArea);
    setIdentityPageOpen(true);
}

void AppController::closeIdentityVerification()
{
    m_identity->reset();
    setIdentityPageOpen(false);
}

void AppController::setIdentityPageOpen(bool open)
{
    if (open == m_identityPageOpen)
        return;
    m_identityPageOpen = open;
    Q_EMIT identityPageOpenChanged();
}

} // namespace tq

namespace tq {

void AppController::showCertificates()
{
    m_certificateApply->reset();
    m_certificateDetail->reset();
    selectArea(CertificatesArea);
    setCertificatePage(CertificatePage::List);
}

void AppController::showCertificateApply()
{
    m_certificateApply->reset();
    m_certificateList->setNotice({});
    selectArea(CertificatesArea);
    setCertificatePage(CertificatePage::Apply);
}

void AppController::showCertificateDetail(const QString &pairId)
{
    m_certificateDetail->open(pairId);
    m_certificateList->setNotice({});
    selectArea(CertificatesArea);
    setCertificatePage(CertificatePage::Detail);
}

int AppController::rememberPinMinutes() const
{
    return int(std::chrono::duration_cast<std::chrono::minutes>(m_pins->lifetime()).count());
}

void AppController::setRememberPinMinutes(int minutes)
{
    if (m_options.kiosk || minutes == rememberPinMinutes())
        return;
    // Only the offered choices: a stored value from elsewhere falls back to "off".
    if (std::find(std::begin(RememberPinChoices), std::end(RememberPinChoices), minutes) == std::end(RememberPinChoices))
        minutes = 0;
    m_pins->setLifetime(std::chrono::minutes(minutes));
    if (!m_options.settingsFile.isEmpty()) {
        QSettings settings(m_options.settingsFile, QSettings::IniFormat);
        settings.setValue(RememberPinKey, minutes);
    }
    Q_EMIT rememberPinChanged();
}

QVariantList AppController::rememberPinChoices() const
{
    QVariantList out;
    for (int minutes : RememberPinChoices) {
        out.append(QVariantMap{{QStringLiteral("minutes"), minutes},
                               {QStringLiteral("label"), minutes == 0 ? tr("Off: ask for the PIN every time")
                                                                      : tr("For %n minute(s) after it is typed", "", minutes)}});
    }
    return out;
}

int AppController::rememberPinIndex() const
{
    const auto *found = std::find(std::begin(RememberPinChoices), std::end(RememberPinChoices), rememberPinMinutes());
    return found == std::end(RememberPinChoices) ? 0 : int(found - std::begin(RememberPinChoices));
}

void AppController::setRememberPinIndex(int index)
{
    if (index >= 0 && index < int(std::size(RememberPinChoices)))
        setRememberPinMinutes(RememberPinChoices[index]);
}

void AppController::setCertificatePage(CertificatePage page)
{
    if (page == m_certificatePage)
        return;
    m_certificatePage = page;
    Q_EMIT certificatePageChanged();
}

} // namespace tq
