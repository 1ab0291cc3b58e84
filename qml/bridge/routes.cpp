#include "routes.h"

#include "appsettings.h"
#include "certificateapplyviewmodel.h"
#include "certificatedetailviewmodel.h"
#include "certificatelistmodel.h"
#include "formviewmodel.h"
#include "homeviewmodel.h"
#include "identityviewmodel.h"
#include "loginviewmodel.h"
#include "scanflowviewmodel.h"
#include "scanreportmodel.h"

namespace tq {

namespace {

using Route = Router::Route;
using Lifetime = Router::Lifetime;

QUrl page(const char *file)
{
    return QUrl(QStringLiteral("qrc:/qt/qml/Tongqian/pages/") + QLatin1String(file));
}

void registerAccountRoutes(Router &router, const RouteServices &s)
{
    router.add({.route = Route::Starting, .page = page("StartingPage.qml")});
    router.add({.route = Route::Login,
                .page = page("LoginPage.qml"),
                .makeViewModel = [s](QObject *parent) { return new LoginViewModel(s.session, parent); }});
    // Register and reset start from the phone number typed on the login page.
    const auto takePhone = [&router](QObject *vm, const QVariant &) {
        if (auto *login = router.existingViewModel<LoginViewModel>(Route::Login))
            qobject_cast<SetPasswordViewModel *>(vm)->setPhone(login->phone());
    };
    router.add({.route = Route::Register,
                .page = page("SetPasswordPage.qml"),
                .makeViewModel = [s](QObject *parent) {
                    return new SetPasswordViewModel(s.session, SmsPurpose::Register, parent);
                },
                .opened = takePhone,
                .properties = {{QStringLiteral("objectName"), QStringLiteral("registerPage")},
                               {QStringLiteral("registering"), true}}});
    router.add({.route = Route::ResetPassword,
                .page = page("SetPasswordPage.qml"),
                .makeViewModel = [s, &router](QObject *parent) {
                    auto *vm = new SetPasswordViewModel(s.session, SmsPurpose::ResetPassword, parent);
                    QObject::connect(vm, &FormViewModel::succeeded, &router, [vm, &router] {
                        const QString phone = vm->phone();
                        router.go(Route::Login);
                        auto *login = router.viewModel<LoginViewModel>(Route::Login);
                        login->setPhone(phone);
                        login->setUseSmsCode(false);
                        login->setNotice(Router::tr("Your password was changed. Log in with the new password."));
                    });
                    return vm;
                },
                .opened = takePhone,
                .properties = {{QStringLiteral("objectName"), QStringLiteral("resetPage")},
                               {QStringLiteral("registering"), false}}});
}

void registerHomeRoutes(Router &router, const RouteServices &s)
{
    router.add({.route = Route::Home,
                .page = page("HomePage.qml"),
                .area = Route::Home,
                .title = [] { return Router::tr("Home"); },
                .makeViewModel = [&router](QObject *parent) {
                    return new HomeViewModel(router.viewModel<CertificateListModel>(Route::Certificates), parent);
                },
                .lifetime = Lifetime::Session});
    router.add({.route = Route::IdentityVerification,
                .page = page("IdentityPage.qml"),
                .area = Route::Home,
                .makeViewModel = [s, &router](QObject *parent) {
                    auto *vm = new IdentityViewModel(s.identity, parent);
                    QObject::connect(vm, &FormViewModel::succeeded, &router, [&router] {
                        router.go(Route::Home);
                        router.viewModel<HomeViewModel>(Route::Home)->setNotice(
                            Router::tr("Your real name is verified. You can now apply for a certificate."));
                    });
                    return vm;
                }});
}

void registerScanRoutes(Router &router, const RouteServices &s)
{
    // Leaving the scanner mid-way forgets the request and the PIN; arriving shows a fresh one.
    router.add({.route = Route::Scan,
                .page = page("ScanArea.qml"),
                .area = Route::Scan,
                .title = [] { return Router::tr("Scan"); },
                .makeViewModel = [s](QObject *parent) { return new ScanFlowViewModel(s.transactions, s.pins, parent); }});
}

void registerCertificateRoutes(Router &router, const RouteServices &s)
{
    const auto list = [&router] { return router.viewModel<CertificateListModel>(Route::Certificates); };
    router.add({.route = Route::Certificates,
                .page = page("CertificatesPage.qml"),
                .area = Route::Certificates,
                .title = [] { return Router::tr("Certificates"); },
                .makeViewModel = [s](QObject *parent) {
                    auto *vm = new CertificateListModel(s.certificates, parent);
                    vm->refresh();
                    return vm;
                },
                .lifetime = Lifetime::Session});
    router.add({.route = Route::CertificateApply,
                .page = page("CertificateApplyPage.qml"),
                .area = Route::Certificates,
                .makeViewModel = [s, &router, list](QObject *parent) {
                    auto *vm = new CertificateApplyViewModel(s.session, s.certificates, parent);
                    QObject::connect(vm, &FormViewModel::succeeded, &router, [&router, list] {
                        router.go(Route::Certificates);
                        list()->setNotice(Router::tr("Your certificates are issued and installed on this device."));
                    });
                    return vm;
                },
                .opened = [list](QObject *, const QVariant &) { list()->setNotice({}); }});
    // Opened with the pair id.
    router.add({.route = Route::CertificateDetail,
                .page = page("CertificateDetailPage.qml"),
                .area = Route::Certificates,
                .makeViewModel = [s, list](QObject *parent) {
                    auto *vm = new CertificateDetailViewModel(s.certificates, s.pins, parent);
                    QObject::connect(vm, &CertificateDetailViewModel::revoked, vm, [list] { list()->refresh(); });
                    return vm;
                },
                .opened = [list](QObject *vm, const QVariant &pairId) {
                    qobject_cast<CertificateDetailViewModel *>(vm)->open(pairId.toString());
                    list()->setNotice({});
                }});
}

void registerReportRoutes(Router &router, const RouteServices &s)
{
    router.add({.route = Route::Reports,
                .page = page("ReportsPage.qml"),
                .area = Route::Reports,
                .title = [] { return Router::tr("Reports"); },
                .makeViewModel = [s](QObject *parent) {
                    auto *vm = new ScanReportModel(s.transactions, parent);
                    vm->refresh();
                    return vm;
                }});
}

void registerMeRoutes(Router &router, const RouteServices &s)
{
    router.add({.route = Route::Me,
                .page = page("MePage.qml"),
                .area = Route::Me,
                .title = [] { return Router::tr("Me"); },
                .makeViewModel = [s](QObject *) { return s.settings; }});
}

} // namespace

void registerRoutes(Router &router, const RouteServices &services)
{
    registerAccountRoutes(router, services);
    registerHomeRoutes(router, services);
    registerScanRoutes(router, services);
    registerCertificateRoutes(router, services);
    registerReportRoutes(router, services);
    registerMeRoutes(router, services);
}

} // namespace tq
