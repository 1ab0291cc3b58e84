#include "errortexts.h"

#include "core/common/errortext.h"

namespace tq::testing {

QList<DeclaredCode> declaredCodes()
{
    QList<DeclaredCode> codes;
    for (const ErrorDomain *domain : errorDomains()) {
        for (const ErrorDomain::Entry &entry : domain->entries)
            codes.append({QByteArray(domain->name) + '/' + entry.code, QString::fromLatin1(entry.code)});
    }
    return codes;
}

QList<QVariantMap> detailVariants()
{
    QList<QVariantMap> variants{
        {},
        {{QStringLiteral("attemptsLeft"), 3}},
        {{QStringLiteral("retryAfter"), 125}},
        {{QStringLiteral("reason"), QStringLiteral("notAccountHolder")}},
        {{QStringLiteral("minLength"), 6}, {QStringLiteral("maxLength"), 6}, {QStringLiteral("digitsOnly"), true}},
        {{QStringLiteral("minLength"), 8}, {QStringLiteral("maxLength"), 12}, {QStringLiteral("digitsOnly"), false}},
    };
    for (const char *rule : {"too_short", "too_long", "bad_character", "no_uppercase", "no_lowercase", "no_digit"})
        variants.append({{QStringLiteral("rule"), QString::fromLatin1(rule)}});
    return variants;
}

} // namespace tq::testing
