#include "core/common/logging.h"

Q_LOGGING_CATEGORY(lcCoreApi, "tongqian.core.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCoreAccount, "tongqian.core.account", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCoreCrypto, "tongqian.core.crypto", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCoreScan, "tongqian.core.scan", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCoreDevice, "tongqian.core.device", QtInfoMsg)
