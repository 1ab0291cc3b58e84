#include "core/crypto/ossl.h"

#include "core/common/logging.h"
#include "core/crypto/certificateerrors.h"

#include <openssl/err.h>

namespace tq::ossl {

QString takeErrors()
{
    QString out;
    char buf[256];
    while (const unsigned long code = ERR_get_error()) {
        ERR_error_string_n(code, buf, sizeof buf);
        if (!out.isEmpty())
            out += u"; ";
        out += QString::fromLatin1(buf);
    }
    return out;
}

Error failure(const char *context)
{
    qCWarning(lcCoreCrypto) << context << takeErrors();
    return Error(CertificateError::Crypto, QStringLiteral("%1 failed").arg(QLatin1String(context)));
}

Error undecryptable()
{
    return Error(CertificateError::Crypto,
                 QStringLiteral("The data could not be decrypted: it is damaged or the key is wrong."));
}

} // namespace tq::ossl
