#pragma once

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QUrl>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

#include <functional>
#include <map>
#include <vector>

namespace tq {

/// Navigation: which page shows. Each route is registered once (add()) with its page, a QML
/// component URL, and how its view model is made. go() makes the view model unless it lives
/// already, and the shell creates the page on demand, handing it that view model through the
/// page's `required property vm` (currentProperties). A page's view model lives while the page
/// shows (Lifetime::Page) or until endSession() (Lifetime::Session). The top-level areas, the
/// shell's tabs, are the routes registered with a title, in registration order. Flows between
/// pages are wired in C++ where the routes are registered (routes.cpp), testable without QML.
/// Owns the view models it makes (a view model made with another parent is only borrowed).
/// GUI thread only.
class Router : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The app's router is App.router.")
    Q_PROPERTY(Route current READ current NOTIFY currentChanged)
    Q_PROPERTY(Route currentArea READ currentArea NOTIFY currentChanged)
    Q_PROPERTY(QUrl currentPage READ currentPage NOTIFY currentChanged)
    Q_PROPERTY(QVariantMap currentProperties READ currentProperties NOTIFY currentChanged)
    Q_PROPERTY(QObject *currentViewModel READ currentViewModel NOTIFY currentChanged)
    Q_PROPERTY(QVariantList areas READ areas NOTIFY areasChanged)
public:
    /// Every page of the app. A new area adds its routes here and registers them in routes.cpp.
    enum class Route {
        None,
        Starting,
        Login,
        Register,
        ResetPassword,
        Home,
        IdentityVerification,
        Scan,
        Certificates,
        CertificateApply,
        CertificateDetail,
        Reports,
        Me,
    };
    Q_ENUM(Route)

    enum class Lifetime {
        Page,    ///< made when the page is opened, dropped when another page shows
        Session, ///< made when first needed, dropped by endSession() (log in, log out)
    };

    struct Registration {
        Route route = Route::None;
        /// The page component, e.g. qrc:/qt/qml/Tongqian/pages/HomePage.qml.
        QUrl page = {};
        /// The top-level area this page belongs to (its tab is highlighted while it shows): the
        /// route itself for an area; None for pages outside the shell (start-up, account pages).
        Route area = Route::None;
        /// Only for top-level areas: the tab title, translated when asked.
        std::function<QString()> title = {};
        /// Makes the view model with `parent` (the router) as its QObject parent; unset: the page
        /// has none. May return an object owned elsewhere, which the router then never deletes.
        std::function<QObject *(QObject *parent)> makeViewModel = {};
        Lifetime lifetime = Lifetime::Page;
        /// Called each time the route is opened, with its view model and go()'s argument.
        std::function<void(QObject *viewModel, const QVariant &argument)> opened = {};
        /// Further initial properties of the page (beside vm).
        QVariantMap properties = {};
    };

    explicit Router(QObject *parent = nullptr);
    ~Router() override;

    /// Registers a route; once per route, before the first go() to it.
    void add(Registration registration);
    /// The registered routes in registration order.
    QList<Route> routes() const;

    Route current() const { return m_current; }
    Route currentArea() const;
    QUrl currentPage() const;
    /// The initial properties of the current page: {vm} if it has a view model, and its own.
    QVariantMap currentProperties() const;
    QObject *currentViewModel() const;
    /// The top-level areas in navigation order: [{route, name, title}]; `name` (e.g. "home") is
    /// for object names only.
    QVariantList areas() const;

    /// Shows `route`, made ready with `argument` (e.g. the pair id of a certificate). Going to the
    /// current route again only calls its `opened` hook. Unregistered routes are ignored.
    Q_INVOKABLE void go(tq::Router::Route route, const QVariant &argument = {});
    /// The view model of `route`, made now if it does not live (the flows use this to reach a
    /// page's view model from another page's); nullptr for a route without one.
    Q_INVOKABLE QObject *viewModel(tq::Router::Route route);
    template<typename T> T *viewModel(Route route) { return qobject_cast<T *>(viewModel(route)); }
    /// The view model of `route` if it lives, else nullptr.
    QObject *existingViewModel(Route route) const;
    template<typename T> T *existingViewModel(Route route) const
    {
        return qobject_cast<T *>(existingViewModel(route));
    }
    /// Drops every view model (typed secrets, lists and notices of the last account go with
    /// them) once the next go() has replaced the page; call before that go().
    void endSession();

Q_SIGNALS:
    void currentChanged();
    void areasChanged();

private:
    const Registration *find(Route route) const;
    void drop(QObject *viewModel);

    std::vector<Registration> m_registrations;
    std::map<Route, QPointer<QObject>> m_viewModels;
    std::vector<QPointer<QObject>> m_leaving;
    Route m_current = Route::None;
};

} // namespace tq
