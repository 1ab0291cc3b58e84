#pragma once

#include "core/common/error.h"
#include "core/validators/validationerrors.h" // the inline field checks forms use beside userMessage()

#include <span>

namespace tq {

/// What a person reads for `error`: a translated sentence saying what happened and what to do
/// next, with details such as the minutes left filled in. The domain that owns the code writes
/// it (see errorDomains()); an unknown code gets a generic sentence that still says what to do.
/// Never returns `error.message`. Callable from any thread; translated with the installed
/// translators at the time of the call.
QString userMessage(const Error &error);

/// Every domain that owns error codes, in no particular order. A code belongs to one domain.
std::span<const ErrorDomain *const> errorDomains();

} // namespace tq
