#pragma once

#include "core/common/error.h"

namespace tq {

/// A translated sentence for people: what happened and what to do next, with details such
/// as the minutes left filled in. Unknown codes fall back to a generic sentence.
QString userMessage(const Error &error);

} // namespace tq
