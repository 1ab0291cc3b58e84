#pragma once

#include <QStringList>

namespace tq::cli {

/// `tongqian-cli operator …`: the operator API (docs/server.md, "Operators"). `login` prints an
/// operator session token; the other actions read it from $TONGQIAN_OPERATOR_TOKEN (never argv).
int runOperator(const QStringList &arguments);

} // namespace tq::cli
