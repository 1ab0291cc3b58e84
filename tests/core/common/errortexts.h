#pragma once

#include "core/common/error.h"

#include <QList>

namespace tq::testing {

/// Every code of every domain (tq::errorDomains()), as "domain/code" row names and codes.
struct DeclaredCode {
    QByteArray row;
    QString code;
};
QList<DeclaredCode> declaredCodes();

/// The details a domain's sentence may depend on, one variant each (and none), so that a test
/// reaches every sentence of a code: attempts left, seconds to wait, each password rule, the
/// identity refusal reason, a PIN policy.
QList<QVariantMap> detailVariants();

} // namespace tq::testing
