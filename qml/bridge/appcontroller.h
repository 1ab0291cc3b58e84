#pragma once

#include "appsettings.h"
#include "router.h"

#include <QObject>
#include <QQmlEngine>

namespace tq {

class AccountSession;
class CertificateService;
class IdentityService;
class PinMemory;
class TransactionService;

/// The app as a whole: the stage (start-up, signed out, signed in) that follows the account
/// session, the logged-in account's facts every page may show, the router with every page
/// registered (routes.cpp) and the user's settings. Logging in or out ends the router's session,
/// so no view model, typed secret or remembered PIN of one account reaches the next.
/// Built in main() around the device's services and published to QML as the singleton `App`.
/// Ownership stays with main(); owns the router and the settings; GUI thread only.
class AppController : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged)
    Q_PROPERTY(tq::Router *router READ router CONSTANT)
    Q_PROPERTY(tq::AppSettings *settings READ settings CONSTANT)
    Q_PROPERTY(QString maskedPhone READ maskedPhone NOTIFY accountChanged)
    Q_PROPERTY(bool identityVerified READ identityVerified NOTIFY accountChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl CONSTANT)
    Q_PROPERTY(bool embeddedServer READ embeddedServer CONSTANT)
    Q_PROPERTY(bool kiosk READ kiosk CONSTANT)
    Q_PROPERTY(QString version READ version CONSTANT)
public:
    enum class Stage { Starting, SignedOut, SignedIn };
    Q_ENUM(Stage)

    struct Options {
        bool embeddedServer = false;
        bool kiosk = false;
        /// Where preferences (never secrets) are kept, an INI file; empty: not kept.
        QString settingsFile;
    };

    /// The services must outlive the controller.
    AppController(AccountSession *session, IdentityService *identity, CertificateService *certificates,
                  TransactionService *transactions, Options options, QObject *parent = nullptr);
    ~AppController() override;

    /// The instance QML gets; must be set before the QML engine loads anything.
    static void setInstance(AppController *instance);
    static AppController *create(QQmlEngine *, QJSEngine *);

    Stage stage() const;
    Router *router() const { return m_router; }
    AppSettings *settings() const { return m_settings; }
    /// "138****8000" for the logged-in account.
    QString maskedPhone() const;
    bool identityVerified() const;
    QString serverUrl() const;
    bool embeddedServer() const { return m_options.embeddedServer; }
    bool kiosk() const { return m_options.kiosk; }
    QString version() const;

    /// Restores a stored session; the stage leaves Starting when it is done.
    Q_INVOKABLE void start();
    Q_INVOKABLE void logout();

Q_SIGNALS:
    void stageChanged();
    void accountChanged();

private:
    /// Shows the login page when signed out and the home page when signed in, unless a page of
    /// that stage shows already.
    void followSession();

    AccountSession *m_session;
    Options m_options;
    PinMemory *m_pins;
    AppSettings *m_settings;
    Router *m_router;
    bool m_started = false;
};

} // namespace tq
