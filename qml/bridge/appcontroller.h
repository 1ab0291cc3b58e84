#pragma once

#include "certificateapplyviewmodel.h"
#include "certificatedetailviewmodel.h"
#include "certificatelistmodel.h"
#include "formviewmodel.h"
#include "loginviewmodel.h"
#include "identityviewmodel.h"
#include "scanflowviewmodel.h"
#include "scanreportmodel.h"

#include "core/keys/pinmemory.h"

#include <QObject>
#include <QQmlEngine>
#include <QUrl>
#include <QVariantList>

namespace tq {

/// The app's flow: which part is shown (start-up, the account pages, or the shell with its
/// areas and, in the certificates area, the list, application or detail page), the view models
/// of those pages, and the logged-in account. Built in main() around the device's services
/// (AccountSession, IdentityService, CertificateService) and published to QML as the singleton
/// `App`.
/// Ownership stays with main(); GUI thread only.
class AppController : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged)
    Q_PROPERTY(AuthPage authPage READ authPage NOTIFY authPageChanged)
    Q_PROPERTY(QString currentArea READ currentArea NOTIFY currentAreaChanged)
    Q_PROPERTY(int currentAreaIndex READ currentAreaIndex NOTIFY currentAreaChanged)
    Q_PROPERTY(QVariantList areas READ areas CONSTANT)
    Q_PROPERTY(QString maskedPhone READ maskedPhone NOTIFY accountChanged)
    Q_PROPERTY(bool identityVerified READ identityVerified NOTIFY accountChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(bool embeddedServer READ embeddedServer CONSTANT)
    Q_PROPERTY(bool kiosk READ kiosk CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
    Q_PROPERTY(tq::LoginViewModel *login READ login CONSTANT)
    Q_PROPERTY(tq::SetPasswordViewModel *registration READ registration CONSTANT)
    Q_PROPERTY(tq::SetPasswordViewModel *passwordReset READ passwordReset CONSTANT)
    Q_PROPERTY(tq::IdentityViewModel *identity READ identity CONSTANT)
    Q_PROPERTY(bool identityPageOpen READ identityPageOpen NOTIFY identityPageOpenChanged)
    Q_PROPERTY(QString homeNotice READ homeNotice NOTIFY accountChanged)
    Q_PROPERTY(CertificatePage certificatePage READ certificatePage NOTIFY certificatePageChanged)
    Q_PROPERTY(tq::CertificateListModel *certificateList READ certificateList CONSTANT)
    Q_PROPERTY(tq::CertificateApplyViewModel *certificateApply READ certificateApply CONSTANT)
    Q_PROPERTY(tq::CertificateDetailViewModel *certificateDetail READ certificateDetail CONSTANT)
    Q_PROPERTY(tq::ScanFlowViewModel *scanFlow READ scanFlow CONSTANT)
    Q_PROPERTY(tq::ScanReportModel *scanReports READ scanReports CONSTANT)
    Q_PROPERTY(int rememberPinMinutes READ rememberPinMinutes WRITE setRememberPinMinutes NOTIFY rememberPinChanged)
    Q_PROPERTY(QVariantList rememberPinChoices READ rememberPinChoices CONSTANT)
    Q_PROPERTY(int rememberPinIndex READ rememberPinIndex WRITE setRememberPinIndex NOTIFY rememberPinChanged)
public:
    enum class Stage { Starting, SignedOut, SignedIn };
    Q_ENUM(Stage)
    enum class AuthPage { Login, Register, ResetPassword };
    Q_ENUM(AuthPage)
    enum class CertificatePage { List, Apply, Detail };
    Q_ENUM(CertificatePage)

    struct Options {
        bool embeddedServer = false;
        bool kiosk = false;
        /// Where preferences (never secrets) are kept, an INI file; empty: not kept.
        QString settingsFile;
    };

    /// The services must outlive the controller.
    AppController(AccountSession *session, IdentityService *identity, CertificateService *certificates,
                  TransactionService *transactions, Options options, QObject *parent = nullptr);

    /// The instance QML gets; must be set before the QML engine loads anything.
    static void setInstance(AppController *instance);
    static AppController *create(QQmlEngine *, QJSEngine *);

    Stage stage() const;
    AuthPage authPage() const { return m_authPage; }
    QString currentArea() const { return m_currentArea; }
    /// Position of currentArea in areas(), for the navigation bars and the page stack.
    int currentAreaIndex() const;
    /// The areas that exist, in navigation order: [{key, title}].
    QVariantList areas() const;
    /// "138****8000" for the logged-in account.
    QString maskedPhone() const;
    bool identityVerified() const;
    QString serverUrl() const;
    bool embeddedServer() const { return m_options.embeddedServer; }
    bool kiosk() const { return m_options.kiosk; }
    QString version() const;
    LoginViewModel *login() const { return m_login; }
    SetPasswordViewModel *registration() const { return m_registration; }
    SetPasswordViewModel *passwordReset() const { return m_passwordReset; }
    IdentityViewModel *identity() const { return m_identity; }
    bool identityPageOpen() const { return m_identityPageOpen; }
    /// A one-line message for the home page (e.g. after verification).
    QString homeNotice() const { return m_homeNotice; }
    CertificatePage certificatePage() const { return m_certificatePage; }
    CertificateListModel *certificateList() const { return m_certificateList; }
    CertificateApplyViewModel *certificateApply() const { return m_certificateApply; }
    CertificateDetailViewModel *certificateDetail() const { return m_certificateDetail; }
    ScanFlowViewModel *scanFlow() const { return m_scanFlow; }
    ScanReportModel *scanReports() const { return m_scanReports; }
    /// Remember-PIN (SPEC E12): minutes a certificate PIN is kept in memory after it worked;
    /// 0 is off (the default). Always 0 on a kiosk, where the next person must not inherit it.
    int rememberPinMinutes() const;
    void setRememberPinMinutes(int minutes);
    /// The choices for rememberPinMinutes: [{minutes, label}], "Off" first.
    QVariantList rememberPinChoices() const;
    int rememberPinIndex() const;
    void setRememberPinIndex(int index);

    /// Restores a stored session; the stage leaves Starting when it is done.
    Q_INVOKABLE void start();
    Q_INVOKABLE void showLogin();
    Q_INVOKABLE void showRegister();
    Q_INVOKABLE void showResetPassword();
    Q_INVOKABLE void selectArea(const QString &key);
    Q_INVOKABLE void logout();
    /// Opens / closes the real-name verification page within the home area.
    Q_INVOKABLE void showIdentityVerification();
    Q_INVOKABLE void closeIdentityVerification();
    /// Certificates area: the list, the application form, or the pair `pairId`.
    Q_INVOKABLE void showCertificates();
    Q_INVOKABLE void showCertificateApply();
    Q_INVOKABLE void showCertificateDetail(const QString &pairId);

Q_SIGNALS:
    void stageChanged();
    void authPageChanged();
    void currentAreaChanged();
    void accountChanged();
    void identityPageOpenChanged();
    void certificatePageChanged();
    void rememberPinChanged();

private:
    void setAuthPage(AuthPage page);
    void setIdentityPageOpen(bool open);
    void setCertificatePage(CertificatePage page);

    AccountSession *m_session;
    Options m_options;
    PinMemory *m_pins;
    bool m_started = false;
    AuthPage m_authPage = AuthPage::Login;
    QString m_currentArea;
    LoginViewModel *m_login;
    SetPasswordViewModel *m_registration;
    SetPasswordViewModel *m_passwordReset;
    IdentityViewModel *m_identity;
    bool m_identityPageOpen = false;
    QString m_homeNotice;
    CertificatePage m_certificatePage = CertificatePage::List;
    CertificateListModel *m_certificateList;
    CertificateApplyViewModel *m_certificateApply;
    CertificateDetailViewModel *m_certificateDetail;
    ScanFlowViewModel *m_scanFlow;
    ScanReportModel *m_scanReports;
};

} // namespace tq
