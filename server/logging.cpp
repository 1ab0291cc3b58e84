#include "server/logging.h"

Q_LOGGING_CATEGORY(lcServer, "tongqian.server")
Q_LOGGING_CATEGORY(lcServerHttp, "tongqian.server.http")
Q_LOGGING_CATEGORY(lcServerDb, "tongqian.server.db")
Q_LOGGING_CATEGORY(lcServerSms, "tongqian.server.sms")
