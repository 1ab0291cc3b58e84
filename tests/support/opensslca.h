#pragma once

// A throw-away certificate authority run by the stock `openssl` command-line tool, for tests
// that need certificates issued by someone other than Tongqian's own code.

#include "core/crypto/keypair.h"
#include "core/crypto/x509.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace tq::testing {

class OpensslCa {
public:
    /// Works in `directory`, which the caller keeps alive.
    explicit OpensslCa(QString directory)
        : m_dir(std::move(directory)), m_openssl(QStandardPaths::findExecutable(QStringLiteral("openssl")))
    {
    }

    /// False if the openssl tool is missing; tests must then QFAIL.
    bool available() const { return !m_openssl.isEmpty(); }
    QString path(const QString &name) const { return QDir(m_dir).filePath(name); }

    bool write(const QString &name, const QByteArray &data) const
    {
        QFile f(path(name));
        return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
    }
    QByteArray read(const QString &name) const
    {
        QFile f(path(name));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    /// Runs openssl in the directory; returns stdout and stderr merged (its exit code is
    /// unreliable for some commands, so callers look for the success sentence) and sets
    /// `exitCode` when given.
    QByteArray run(const QStringList &args, int *exitCode = nullptr) const
    {
        QProcess p;
        p.setWorkingDirectory(m_dir);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(m_openssl, args);
        const bool done = p.waitForFinished(60000);
        if (exitCode)
            *exitCode = done && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return p.readAll();
    }

    /// Creates the CA "ca-<alg>.pem" with a key of `algorithm` (SM2 CAs sign SM2-with-SM3 with
    /// the default ID). Returns false and leaves openssl's output in lastOutput on failure.
    bool create(KeyAlgorithm algorithm)
    {
        const QString name = caName(algorithm);
        const auto key = KeyPair::generate(algorithm).value().privateKeyDer();
        if (!key || !write(name + QStringLiteral(".key"), pemEncode(key.value().view(), "PRIVATE KEY")))
            return false;
        lastOutput = run(QStringList{QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-x509"),
                                     QStringLiteral("-key"), name + QStringLiteral(".key"), QStringLiteral("-subj"),
                                     QStringLiteral("/C=CN/O=Tongqian Test/CN=Test CA ") + keyAlgorithmName(algorithm),
                                     QStringLiteral("-days"), QStringLiteral("3"), QStringLiteral("-out"),
                                     name + QStringLiteral(".pem")}
                         + signOptions(algorithm));
        return QFile::exists(path(name + QStringLiteral(".pem")));
    }

    /// Issues a certificate for the DER or PEM request `csr` (a key of the same `algorithm`) from
    /// the CA of `algorithm` (create() it first) into `outName` (PEM) and returns it parsed; nullopt on failure (see lastOutput).
    std::optional<Certificate> issue(KeyAlgorithm algorithm, const QByteArray &csr, const QString &outName)
    {
        const QString name = caName(algorithm);
        const QString csrName = outName + QStringLiteral(".csr");
        if (!write(csrName, csr.startsWith("-----") ? csr : pemEncode(csr, "CERTIFICATE REQUEST")))
            return std::nullopt;
        write(QStringLiteral("leaf.ext"), "keyUsage=critical,digitalSignature,nonRepudiation\n");
        lastOutput = run(QStringList{QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csrName,
                                     QStringLiteral("-CA"), name + QStringLiteral(".pem"), QStringLiteral("-CAkey"),
                                     name + QStringLiteral(".key"), QStringLiteral("-set_serial"),
                                     QString::number(++m_serial), QStringLiteral("-days"), QStringLiteral("2"),
                                     QStringLiteral("-extfile"), QStringLiteral("leaf.ext"),
                                     QStringLiteral("-out"), outName}
                         + signOptions(algorithm));
        auto cert = Certificate::parse(read(outName));
        if (!cert)
            return std::nullopt;
        return cert.value();
    }

    static QString caName(KeyAlgorithm algorithm) { return QStringLiteral("ca-") + keyAlgorithmName(algorithm); }

    QByteArray lastOutput;

private:
    static QStringList signOptions(KeyAlgorithm algorithm)
    {
        if (algorithm == KeyAlgorithm::Sm2)
            return {QStringLiteral("-sm3"), QStringLiteral("-sigopt"), QStringLiteral("distid:1234567812345678"),
                    QStringLiteral("-vfyopt"), QStringLiteral("distid:1234567812345678")};
        return {QStringLiteral("-sha256")};
    }

    QString m_dir;
    QString m_openssl;
    int m_serial = 4096;
};

} // namespace tq::testing
