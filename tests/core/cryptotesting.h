#pragma once

// Small helpers shared by the crypto and key-custody tests.

#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"

#include <QTest>

Q_DECLARE_METATYPE(tq::KeyAlgorithm)

namespace tq::testing {

/// `data` with one bit of byte `index` flipped.
inline QByteArray flipped(QByteArray data, qsizetype index)
{
    data[index] = char(data.at(index) ^ 0x01);
    return data;
}

/// A subject with Chinese values, as certificates for people and companies have.
inline const NameEntries TestSubject = {{QStringLiteral("C"), QStringLiteral("CN")},
                                        {QStringLiteral("O"), QStringLiteral("同签测试有限公司")},
                                        {QStringLiteral("CN"), QStringLiteral("张三")}};

/// Adds an `algorithm` column with one row per supported key algorithm.
inline void addAlgorithmRows()
{
    QTest::addColumn<KeyAlgorithm>("algorithm");
    QTest::newRow("sm2") << KeyAlgorithm::Sm2;
    QTest::newRow("p256") << KeyAlgorithm::EcdsaP256;
    QTest::newRow("rsa2048") << KeyAlgorithm::Rsa2048;
}

} // namespace tq::testing
