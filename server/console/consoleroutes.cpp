#include "server/console/consoleroutes.h"

#include "core/common/apierrors.h"
#include "core/common/errortext.h"
#include "core/protocol/operatorerrors.h"
#include "server/console/consolepages.h"
#include "server/http/apirouter.h"
#include "server/operators/platformadministration.h"

#include "core/crypto/random.h"

#include <QUrlQuery>

#include <openssl/crypto.h>

namespace tq::server {

namespace {

constexpr char CookiePrefix[] = "tq_console=";
/// Before a session exists, the login form's CSRF token sits in this cookie (double submit): a
/// form posted from another site comes without it (SameSite=Strict).
constexpr char LoginCookiePrefix[] = "tq_login=";

QHttpServerResponse htmlResponse(const QString &html, HttpStatus status = HttpStatus::Ok)
{
    QHttpServerResponse response(QByteArrayLiteral("text/html; charset=utf-8"), html.toUtf8(), status);
    // Self-contained pages: nothing may load from elsewhere, no script runs, no page may frame
    // them, and forms post only back here.
    response.setHeader(QByteArrayLiteral("Content-Security-Policy"),
                       QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                         "frame-ancestors 'none'; base-uri 'none'"));
    response.setHeader(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
    response.setHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    response.setHeader(QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer"));
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    return response;
}

QHttpServerResponse redirect(const QByteArray &to, const QByteArray &cookie = {})
{
    QHttpServerResponse response(QByteArrayLiteral("text/plain"), QByteArray(), HttpStatus::SeeOther);
    response.setHeader(QByteArrayLiteral("Location"), to);
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    if (!cookie.isEmpty())
        response.setHeader(QByteArrayLiteral("Set-Cookie"), cookie);
    return response;
}

/// The value of the cookie `prefix` ("name=") from the request's Cookie header(s), empty if none.
QString cookieValue(const QHttpServerRequest &request, QByteArrayView prefix)
{
    for (const auto &[name, value] : request.headers()) {
        if (name.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &part : value.split(';')) {
            const QByteArray pair = part.trimmed();
            if (pair.startsWith(prefix))
                return QString::fromLatin1(pair.mid(prefix.size()));
        }
    }
    return {};
}

/// The fields of an application/x-www-form-urlencoded body.
QUrlQuery formOf(const QHttpServerRequest &request)
{
    QByteArray body = request.body();
    body.replace('+', "%20");
    return QUrlQuery(QString::fromUtf8(body));
}

QString field(const QUrlQuery &form, const QString &name)
{
    return form.queryItemValue(name, QUrl::FullyDecoded);
}

/// A logged-in request: who, its token and what its pages need.
struct Visit {
    QString token;
    ConsolePages::Viewer viewer;
};

class Console {
public:
    Console(const ConsoleOptions &options, OperatorService &operators, PlatformAdministration &administration,
            PlatformRegistry &platforms, AuditLog &audit, SandboxSmsProvider *outbox)
        : m_options(options), m_operators(operators), m_administration(administration), m_platforms(platforms),
          m_audit(audit), m_outbox(outbox)
    {
    }

    /// The visit of a live session, or nothing (the caller shows the login page).
    std::optional<Visit> visit(const QHttpServerRequest &request)
    {
        const QString token = cookieValue(request, CookiePrefix);
        const auto op = m_operators.authenticate(token);
        if (!op)
            return std::nullopt;
        return Visit{token, {m_options.sandbox, op.value(), m_operators.csrfToken(token)}};
    }

    /// The login form with a fresh login CSRF token, also set as the tq_login cookie.
    QHttpServerResponse loginPage(const QString &problem = {}, HttpStatus status = HttpStatus::Ok)
    {
        const QString csrf = Random::token(16);
        QHttpServerResponse response = htmlResponse(ConsolePages::login(m_options.sandbox, csrf, problem), status);
        response.setHeader(QByteArrayLiteral("Set-Cookie"), cookie(LoginCookiePrefix + csrf.toLatin1()));
        return response;
    }

    /// A console cookie with the attributes every one of them has.
    QByteArray cookie(const QByteArray &nameAndValue) const
    {
        QByteArray text = nameAndValue + "; Path=/console; HttpOnly; SameSite=Strict";
        if (m_options.secureCookies)
            text += "; Secure";
        return text;
    }

    QHttpServerResponse problem(const Visit &v, const Error &error)
    {
        return htmlResponse(ConsolePages::problem(v.viewer, userMessage(error)), httpStatusFor(error.code));
    }

    /// Runs `handler` for a logged-in visit whose form carries its CSRF token.
    QHttpServerResponse post(const QHttpServerRequest &request,
                             const std::function<QHttpServerResponse(const Visit &, const QUrlQuery &)> &handler)
    {
        const auto v = visit(request);
        if (!v)
            return loginPage({}, HttpStatus::Unauthorized);
        const QUrlQuery form = formOf(request);
        if (!m_operators.csrfMatches(v->token, field(form, QStringLiteral("csrf"))))
            return problem(*v, Error(OperatorError::CsrfInvalid, QStringLiteral("Missing or wrong CSRF token.")));
        return handler(*v, form);
    }

    QHttpServerResponse home(const QHttpServerRequest &request)
    {
        const auto v = visit(request);
        if (!v)
            return loginPage();
        QList<OutboxMessage> messages;
        if (m_outbox && allows(v->viewer.op.role, Permission::ReadOutbox)) {
            const auto read = m_outbox->outbox();
            if (!read)
                return problem(*v, read.error());
            messages = read.value();
        }
        const auto list = m_platforms.list();
        if (!list)
            return problem(*v, list.error());
        return htmlResponse(ConsolePages::home(v->viewer, messages, list.value()));
    }

    QHttpServerResponse logIn(const QHttpServerRequest &request)
    {
        const QUrlQuery form = formOf(request);
        const QString expected = cookieValue(request, LoginCookiePrefix);
        const QString presented = field(form, QStringLiteral("csrf"));
        if (expected.isEmpty() || expected.size() != presented.size() ||
            CRYPTO_memcmp(expected.constData(), presented.constData(), size_t(expected.size()) * sizeof(QChar)) != 0)
            return loginPage(userMessage(Error(OperatorError::CsrfInvalid, QStringLiteral("Missing login CSRF token."))),
                             HttpStatus::Forbidden);
        const auto session = m_operators.logIn(field(form, QStringLiteral("name")),
                                               field(form, QStringLiteral("password")),
                                               field(form, QStringLiteral("totp")));
        if (!session)
            return loginPage(userMessage(session.error()), httpStatusFor(session.error().code));
        return redirect("/console", cookie(CookiePrefix + session.value().token.toLatin1()));
    }

    QHttpServerResponse logOut(const QHttpServerRequest &request)
    {
        return post(request, [this](const Visit &v, const QUrlQuery &) {
            m_operators.logOut(v.token);
            return redirect("/console", cookie(CookiePrefix) + "; Max-Age=0");
        });
    }

    QHttpServerResponse platformsPage(const Visit &v, const QString &notice = {})
    {
        if (auto allowed = PlatformAdministration::require(v.viewer.op, Permission::ReadPlatforms); !allowed)
            return problem(v, allowed.error());
        const auto list = m_platforms.list();
        if (!list)
            return problem(v, list.error());
        return htmlResponse(ConsolePages::platforms(v.viewer, list.value(), notice));
    }

    QHttpServerResponse registerPlatform(const Visit &v, const QUrlQuery &form)
    {
        PlatformRegistration r{field(form, QStringLiteral("code")), field(form, QStringLiteral("name")),
                               field(form, QStringLiteral("callbackUrl")),
                               field(form, QStringLiteral("allowedOrigins")).split(u' ', Qt::SkipEmptyParts),
                               {}};
        const auto secret = m_administration.registerPlatform(v.viewer.op, r);
        if (!secret)
            return problem(v, secret.error());
        return platformsPage(v, QStringLiteral("Platform %1 registered. Its secret, shown only now: %2")
                                    .arg(r.code, secret.value()));
    }

    QHttpServerResponse rotateSecret(const Visit &v, const QUrlQuery &form)
    {
        const QString code = field(form, QStringLiteral("code"));
        const auto secret = m_administration.rotateSecret(v.viewer.op, code);
        if (!secret)
            return problem(v, secret.error());
        return platformsPage(v, QStringLiteral("New secret of platform %1, shown only now (the old one no longer "
                                               "works): %2")
                                    .arg(code, secret.value()));
    }

    QHttpServerResponse changeCallback(const Visit &v, const QUrlQuery &form)
    {
        const QString code = field(form, QStringLiteral("code"));
        const auto changed =
            m_administration.changeCallbackUrl(v.viewer.op, code, field(form, QStringLiteral("callbackUrl")));
        if (!changed)
            return problem(v, changed.error());
        return platformsPage(v, QStringLiteral("The callback URL of platform %1 is now %2.")
                                    .arg(code, changed.value().callbackUrl.toString()));
    }

    QHttpServerResponse auditPage(const QHttpServerRequest &request)
    {
        const auto v = visit(request);
        if (!v)
            return loginPage();
        if (auto allowed = PlatformAdministration::require(v->viewer.op, Permission::ReadAudit); !allowed)
            return problem(*v, allowed.error());
        const auto entries = m_audit.newest(AuditLog::MaxListed);
        if (!entries)
            return problem(*v, entries.error());
        return htmlResponse(ConsolePages::audit(v->viewer, entries.value()));
    }

    QHttpServerResponse operatorsPage(const Visit &v, const QString &notice = {})
    {
        if (auto allowed = PlatformAdministration::require(v.viewer.op, Permission::ManageOperators); !allowed)
            return problem(v, allowed.error());
        const auto list = m_operators.list();
        if (!list)
            return problem(v, list.error());
        return htmlResponse(ConsolePages::operators(v.viewer, list.value(), notice));
    }

    QHttpServerResponse addOperator(const Visit &v, const QUrlQuery &form)
    {
        if (auto allowed = PlatformAdministration::require(v.viewer.op, Permission::ManageOperators); !allowed)
            return problem(v, allowed.error());
        const auto role = roleFromName(field(form, QStringLiteral("role")));
        if (!role)
            return problem(v, Error(ApiError::InvalidRequest, QStringLiteral("Unknown role."),
                                    {{QStringLiteral("field"), QStringLiteral("role")}}));
        const auto added = m_operators.add(v.viewer.op.name, field(form, QStringLiteral("name")), *role,
                                           field(form, QStringLiteral("password")));
        if (!added)
            return problem(v, added.error());
        return operatorsPage(v, QStringLiteral("Operator %1 added. Give them this TOTP secret for their "
                                               "authenticator app; it is shown only now: %2 (%3)")
                                    .arg(added.value().op.name, added.value().totpSecret, added.value().otpauthUri));
    }

private:
    ConsoleOptions m_options;
    OperatorService &m_operators;
    PlatformAdministration &m_administration;
    PlatformRegistry &m_platforms;
    AuditLog &m_audit;
    SandboxSmsProvider *m_outbox;
};

} // namespace

void addConsoleRoutes(ApiRouter &router, const ConsoleOptions &options, OperatorService &operators,
                      PlatformAdministration &administration, PlatformRegistry &platforms, AuditLog &audit,
                      SandboxSmsProvider *outbox)
{
    // One Console per router (per HTTP thread); it holds no state besides references.
    auto console = std::make_shared<Console>(options, operators, administration, platforms, audit, outbox);
    router.get(QStringLiteral("/console"), [console](const QHttpServerRequest &request) {
        return console->home(request);
    });
    if (outbox) {
        // What GET /api/v1/sandbox/sms-outbox serves, as a page for people trying the sandbox.
        router.get(QStringLiteral("/sandbox/outbox"), [outbox](const QHttpServerRequest &) {
            const auto messages = outbox->outbox();
            if (!messages)
                return errorResponse(messages.error());
            return htmlResponse(ConsolePages::sandboxOutbox(messages.value()));
        });
    }
    router.postForm(QStringLiteral("/console/login"), [console](const QHttpServerRequest &request) {
        return console->logIn(request);
    });
    router.postForm(QStringLiteral("/console/logout"), [console](const QHttpServerRequest &request) {
        return console->logOut(request);
    });
    router.get(QStringLiteral("/console/platforms"), [console](const QHttpServerRequest &request) {
        const auto v = console->visit(request);
        return v ? console->platformsPage(*v) : console->loginPage();
    });
    router.postForm(QStringLiteral("/console/platforms"), [console](const QHttpServerRequest &request) {
        return console->post(request, [&](const Visit &v, const QUrlQuery &f) { return console->registerPlatform(v, f); });
    });
    router.postForm(QStringLiteral("/console/platforms/rotate"), [console](const QHttpServerRequest &request) {
        return console->post(request, [&](const Visit &v, const QUrlQuery &f) { return console->rotateSecret(v, f); });
    });
    router.postForm(QStringLiteral("/console/platforms/callback"), [console](const QHttpServerRequest &request) {
        return console->post(request,
                             [&](const Visit &v, const QUrlQuery &f) { return console->changeCallback(v, f); });
    });
    router.get(QStringLiteral("/console/audit"), [console](const QHttpServerRequest &request) {
        return console->auditPage(request);
    });
    router.get(QStringLiteral("/console/operators"), [console](const QHttpServerRequest &request) {
        const auto v = console->visit(request);
        return v ? console->operatorsPage(*v) : console->loginPage();
    });
    router.postForm(QStringLiteral("/console/operators"), [console](const QHttpServerRequest &request) {
        return console->post(request, [&](const Visit &v, const QUrlQuery &f) { return console->addOperator(v, f); });
    });
}

} // namespace tq::server
