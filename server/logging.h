#pragma once

#include <QLoggingCategory>

// Logging categories of the server library. Enable with QT_LOGGING_RULES="tongqian.server.*=true".
// Nothing secret (password, token, SMS code, request body) is ever logged.
Q_DECLARE_LOGGING_CATEGORY(lcServer)
Q_DECLARE_LOGGING_CATEGORY(lcServerHttp)
Q_DECLARE_LOGGING_CATEGORY(lcServerDb)
Q_DECLARE_LOGGING_CATEGORY(lcServerSms)
