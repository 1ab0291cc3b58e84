// The router and the app's flows without QML: routes, view-model lifetimes, the areas, and the
// flows between pages (log in and out, real name, application) against a real server on loopback.
#include "appcontroller.h"
#include "certificateapplyviewmodel.h"
#include "certificatelistmodel.h"
#include "formviewmodel.h"
#include "homeviewmodel.h"
#include "identityviewmodel.h"
#include "loginviewmodel.h"
#include "core/identity/identityservice.h"
#include "testbackend.h"
#include "testparties.h"

#include <QMetaEnum>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace tq;
using Route = Router::Route;

namespace {

constexpr char Pin[] = "246810";

/// An app around a test device: its account is registered (and verified when asked) and logged in.
struct TestApp {
    std::unique_ptr<test::TestDevice> device;
    std::unique_ptr<IdentityService> identity;
    std::unique_ptr<AppController> app;

    static std::unique_ptr<TestApp> create(test::TestBackend &backend, bool verified)
    {
        auto t = std::make_unique<TestApp>();
        t->device = test::TestDevice::create(backend, verified);
        if (!t->device)
            return nullptr;
        t->identity = std::make_unique<IdentityService>(t->device->session);
        t->app = std::make_unique<AppController>(t->device->session, t->identity.get(),
                                                 t->device->certificates, t->device->transactions,
                                                 AppController::Options{});
        return t;
    }
    Router *router() const { return app->router(); }
};

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_backend.start());
    }

    void areasComeFromTheRegistrations()
    {
        auto t = TestApp::create(m_backend, false);
        QVERIFY(t);
        QStringList names;
        QList<int> routes;
        for (const QVariant &area : t->router()->areas()) {
            names.append(area.toMap().value(QStringLiteral("name")).toString());
            routes.append(area.toMap().value(QStringLiteral("route")).toInt());
            QVERIFY(!area.toMap().value(QStringLiteral("title")).toString().isEmpty());
        }
        QCOMPARE(names, QStringList({QStringLiteral("home"), QStringLiteral("scan"), QStringLiteral("certificates"),
                                     QStringLiteral("reports"), QStringLiteral("me")}));
        QCOMPARE(routes, QList<int>({int(Route::Home), int(Route::Scan), int(Route::Certificates),
                                     int(Route::Reports), int(Route::Me)}));
        // Every page is registered, each with a page component.
        QCOMPARE(t->router()->routes().size(), QMetaEnum::fromType<Route>().keyCount() - 1);
    }

    void startsOnTheStartingPageThenFollowsTheSession()
    {
        auto t = TestApp::create(m_backend, false);
        QVERIFY(t);
        QCOMPARE(t->app->stage(), AppController::Stage::Starting);
        QCOMPARE(t->router()->current(), Route::Starting);
        QVERIFY(!t->router()->currentViewModel());
        QCOMPARE(t->router()->currentProperties(), QVariantMap());

        t->app->start();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        QCOMPARE(t->app->stage(), AppController::Stage::SignedIn);
        QCOMPARE(t->router()->currentArea(), Route::Home);
        QPointer<QObject> home = t->router()->currentViewModel();
        QVERIFY(qobject_cast<HomeViewModel *>(home));
        QCOMPARE(t->router()->currentProperties().value(QStringLiteral("vm")).value<QObject *>(), home.data());
        QCOMPARE(t->router()->currentPage().fileName(), QStringLiteral("HomePage.qml"));

        // Logging out ends the session's view models and shows the login page.
        const QString phone = t->device->session->account().phone;
        QSignalSpy stage(t->app.get(), &AppController::stageChanged);
        t->app->logout();
        QTRY_COMPARE(t->router()->current(), Route::Login);
        QCOMPARE(t->app->stage(), AppController::Stage::SignedOut);
        QCOMPARE(t->router()->currentArea(), Route::None);
        QVERIFY(stage.count() > 0);
        QTRY_VERIFY(!home);

        // Logging in with the form leads home, and the form with the password is gone.
        auto *login = t->router()->viewModel<LoginViewModel>(Route::Login);
        QVERIFY(login);
        QPointer<QObject> loginForm = login;
        login->setPhone(phone);
        login->setPassword(QStringLiteral("Tongqian2026"));
        login->submit();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        QTRY_VERIFY(!loginForm);
    }

    void pageViewModelsLiveWhileTheirPageShows()
    {
        auto t = TestApp::create(m_backend, false);
        QVERIFY(t);
        t->app->start();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        t->app->logout();
        QTRY_COMPARE(t->router()->current(), Route::Login);
        auto *login = t->router()->viewModel<LoginViewModel>(Route::Login);
        login->setPhone(QStringLiteral("13800138000"));
        QPointer<QObject> loginForm = login;

        // The registration starts from the number typed on the login page.
        t->router()->go(Route::Register);
        QCOMPARE(t->router()->current(), Route::Register);
        auto *registration = qobject_cast<SetPasswordViewModel *>(t->router()->currentViewModel());
        QVERIFY(registration);
        QCOMPARE(registration->phone(), QStringLiteral("13800138000"));
        QCOMPARE(t->router()->currentProperties().value(QStringLiteral("registering")).toBool(), true);
        QTRY_VERIFY(!loginForm);
        QVERIFY(!t->router()->existingViewModel(Route::Login));

        // Going to the shown page again keeps its view model.
        t->router()->go(Route::Register);
        QCOMPARE(t->router()->currentViewModel(), registration);
    }

    void sessionViewModelsOutliveTheirPage()
    {
        auto t = TestApp::create(m_backend, false);
        QVERIFY(t);
        t->app->start();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        QPointer<QObject> list = t->router()->viewModel(Route::Certificates);
        QVERIFY(qobject_cast<CertificateListModel *>(list));
        // Home shows the summary of the same list.
        QCOMPARE(t->router()->viewModel<HomeViewModel>(Route::Home)->certificates(), list.data());

        t->router()->go(Route::Certificates);
        t->router()->go(Route::CertificateApply);
        QCOMPARE(t->router()->currentArea(), Route::Certificates);
        QPointer<QObject> apply = t->router()->currentViewModel();
        t->router()->go(Route::Scan);
        QTRY_VERIFY(!apply);
        QVERIFY(list);
        QCOMPARE(t->router()->viewModel(Route::Certificates), list.data());
    }

    void realNameLeadsHomeWithANotice()
    {
        auto t = TestApp::create(m_backend, false);
        QVERIFY(t);
        t->app->start();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        t->router()->go(Route::IdentityVerification);
        QCOMPARE(t->router()->currentArea(), Route::Home);
        auto *identity = qobject_cast<IdentityViewModel *>(t->router()->currentViewModel());
        QVERIFY(identity);
        identity->setName(QStringLiteral("Zhang San"));
        identity->setIdNumber(QStringLiteral("11010519491231002X"));
        identity->submit();
        QTRY_COMPARE_WITH_TIMEOUT(t->router()->current(), Route::Home, 10000);
        // The account is read again after the verification; the flag follows that answer.
        QTRY_VERIFY_WITH_TIMEOUT(t->app->identityVerified(), 10000);
        QVERIFY(!t->router()->viewModel<HomeViewModel>(Route::Home)->notice().isEmpty());
    }

    void applicationLeadsToTheListWithANotice()
    {
        auto t = TestApp::create(m_backend, true);
        QVERIFY(t);
        t->app->start();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        auto *list = t->router()->viewModel<CertificateListModel>(Route::Certificates);
        list->setNotice(QStringLiteral("old"));
        t->router()->go(Route::CertificateApply);
        QVERIFY(list->notice().isEmpty()); // opening the form clears the list's notice
        auto *apply = qobject_cast<CertificateApplyViewModel *>(t->router()->currentViewModel());
        QVERIFY(apply);
        QCOMPARE(apply->proofMethods().size(), 1); // no certificate yet to prove it with
        apply->setPin(QString::fromLatin1(Pin));
        apply->setConfirmPin(QString::fromLatin1(Pin));
        QVERIFY(!apply->canSubmit()); // the person is not named again yet
        apply->setName(test::TestPersonName);
        apply->setIdNumber(test::TestPersonIdNumber);
        QVERIFY(apply->canSubmit());
        apply->submit();
        QTRY_COMPARE_WITH_TIMEOUT(t->router()->current(), Route::Certificates, 60000);
        QVERIFY(!list->notice().isEmpty());
        QTRY_COMPARE(list->validCount(), 2);

        // A pair opens its detail page with the pair id.
        const QString pairId = t->device->certificates->installed().constFirst().pairId;
        t->router()->go(Route::CertificateDetail, pairId);
        QCOMPARE(t->router()->current(), Route::CertificateDetail);
        QCOMPARE(t->router()->currentViewModel()->property("pairId").toString(), pairId);
    }

    void unregisteredRoutesAreIgnored()
    {
        Router router;
        QSignalSpy changed(&router, &Router::currentChanged);
        router.go(Route::Home);
        QCOMPARE(router.current(), Route::None);
        QCOMPARE(changed.count(), 0);
        QVERIFY(!router.viewModel(Route::Home));
        QVERIFY(router.areas().isEmpty());
    }

    // Issue 15: a second pair proven with the first (its signature over a challenge) and the SMS code.
    void anExistingCertificateProvesTheNextApplication()
    {
        auto t = TestApp::create(m_backend, true);
        QVERIFY(t);
        QVERIFY(t->device->applyFor(KeyAlgorithm::Sm2, Pin));
        t->app->start();
        QTRY_COMPARE(t->router()->current(), Route::Home);
        t->router()->go(Route::CertificateApply);
        auto *apply = qobject_cast<CertificateApplyViewModel *>(t->router()->currentViewModel());
        QVERIFY(apply);
        QCOMPARE(apply->proofMethods().size(), 2);
        QCOMPARE(apply->proofCertificates().size(), 1);
        apply->setProofMethod(1);
        apply->setPin(QString::fromLatin1(Pin));
        apply->setConfirmPin(QString::fromLatin1(Pin));
        QVERIFY(!apply->canSubmit()); // no code yet
        m_backend.advanceClock(61); // past the resend interval of the registration code
        apply->requestCode();
        QTRY_VERIFY(apply->codeRequested());
        QVERIFY(!apply->notice().isEmpty());
        apply->setSmsCode(m_backend.smsCode(t->device->phone));
        QVERIFY(apply->canSubmit());
        apply->submit();
        // Only a successful application leads to the list; the apply page's view model goes with
        // its page then (UBSan caught a read of it here after it was deleted).
        QTRY_COMPARE_WITH_TIMEOUT(t->router()->current(), Route::Certificates, 60000);
        QTRY_COMPARE(t->router()->viewModel<CertificateListModel>(Route::Certificates)->validCount(), 4);
    }

private:
    test::TestBackend m_backend;
};

QTEST_MAIN(TestRouter)
#include "tst_router.moc"
