#include "router.h"

#include <QJSEngine>
#include <QMetaEnum>

#include <algorithm>

namespace tq {

Router::Router(QObject *parent) : QObject(parent) {}

Router::~Router() = default;

void Router::add(Registration registration)
{
    Q_ASSERT_X(!find(registration.route), "Router::add", "a route is registered once");
    const bool area = bool(registration.title);
    m_registrations.push_back(std::move(registration));
    if (area)
        Q_EMIT areasChanged();
}

QList<Router::Route> Router::routes() const
{
    QList<Route> out;
    for (const Registration &r : m_registrations)
        out.append(r.route);
    return out;
}

const Router::Registration *Router::find(Route route) const
{
    const auto it = std::find_if(m_registrations.begin(), m_registrations.end(),
                                 [route](const Registration &r) { return r.route == route; });
    return it == m_registrations.end() ? nullptr : &*it;
}

Router::Route Router::currentArea() const
{
    const Registration *r = find(m_current);
    return r ? r->area : Route::None;
}

QUrl Router::currentPage() const
{
    const Registration *r = find(m_current);
    return r ? r->page : QUrl();
}

QVariantMap Router::currentProperties() const
{
    const Registration *r = find(m_current);
    if (!r)
        return {};
    QVariantMap properties = r->properties;
    if (QObject *vm = existingViewModel(m_current))
        properties.insert(QStringLiteral("vm"), QVariant::fromValue(vm));
    return properties;
}

QObject *Router::currentViewModel() const
{
    return existingViewModel(m_current);
}

QVariantList Router::areas() const
{
    const QMetaEnum names = QMetaEnum::fromType<Route>();
    QVariantList out;
    for (const Registration &r : m_registrations) {
        if (!r.title)
            continue;
        out.append(QVariantMap{{QStringLiteral("route"), int(r.route)},
                               {QStringLiteral("name"), QString::fromLatin1(names.valueToKey(int(r.route))).toLower()},
                               {QStringLiteral("title"), r.title()}});
    }
    return out;
}

QObject *Router::existingViewModel(Route route) const
{
    const auto it = m_viewModels.find(route);
    return it == m_viewModels.end() ? nullptr : it->second.data();
}

QObject *Router::viewModel(Route route)
{
    if (QObject *existing = existingViewModel(route))
        return existing;
    const Registration *r = find(route);
    if (!r || !r->makeViewModel)
        return nullptr;
    QObject *made = r->makeViewModel(this);
    // Pages use view models; they never own them.
    QJSEngine::setObjectOwnership(made, QJSEngine::CppOwnership);
    m_viewModels[route] = made;
    return made;
}

void Router::go(Route route, const QVariant &argument)
{
    const Registration *r = find(route);
    if (!r)
        return;
    QObject *vm = viewModel(route);
    if (r->opened)
        r->opened(vm, argument);
    if (route == m_current && m_leaving.empty())
        return;
    // Page-lifetime view models of the page being left go once the new page has replaced it.
    if (const Registration *left = find(m_current); route != m_current && left && left->lifetime == Lifetime::Page) {
        if (auto it = m_viewModels.find(m_current); it != m_viewModels.end()) {
            m_leaving.push_back(it->second);
            m_viewModels.erase(it);
        }
    }
    m_current = route;
    Q_EMIT currentChanged();
    for (const QPointer<QObject> &leaving : std::exchange(m_leaving, {}))
        drop(leaving);
}

void Router::endSession()
{
    for (auto &[route, viewModel] : m_viewModels)
        m_leaving.push_back(viewModel);
    m_viewModels.clear();
}

void Router::drop(QObject *viewModel)
{
    // Borrowed view models stay; the others may still be bound by the page just replaced or be
    // the sender of the signal that led here, so they go once control is back in the event loop.
    if (viewModel && viewModel->parent() == this) {
        viewModel->setParent(nullptr);
        viewModel->deleteLater();
    }
}

} // namespace tq
