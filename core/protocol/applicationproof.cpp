#include "core/protocol/applicationproof.h"

namespace tq::applicationproof {

QByteArray signedStatement(const QByteArray &challenge, const QByteArray &csrDer)
{
    // Length-prefixed, so no challenge/request pair reads as another.
    QByteArray statement = QByteArrayLiteral("tongqian-certificate-application/1\n");
    for (const QByteArray *part : {&challenge, &csrDer})
        statement.append(QByteArray::number(part->size())).append(':').append(*part);
    return statement;
}

} // namespace tq::applicationproof
