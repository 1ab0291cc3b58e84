#pragma once

#include <QLoggingCategory>

// Logging categories of the core library. Enable with QT_LOGGING_RULES="tongqian.*=true".
// Nothing secret (PIN, key, token, SMS code, ID number, request body) is ever logged.
Q_DECLARE_LOGGING_CATEGORY(lcCoreApi)
Q_DECLARE_LOGGING_CATEGORY(lcCoreAccount)
Q_DECLARE_LOGGING_CATEGORY(lcCoreCrypto)
Q_DECLARE_LOGGING_CATEGORY(lcCoreScan)
Q_DECLARE_LOGGING_CATEGORY(lcCoreDevice)
