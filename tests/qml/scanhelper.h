#pragma once

// What the Qt Quick tests need to feed the scanner: camera-like frames pushed into a
// VideoOutput's video sink, and QR codes as image files.
#include "scanfixtures.h"
#include "testparties.h"

#include "core/crypto/digest.h"
#include "core/crypto/x509.h"

#include <QJsonArray>

#include <QObject>
#include <QTemporaryDir>
#include <QUrl>
#include <QVideoSink>

class ScanHelper : public QObject {
    Q_OBJECT
public:
    /// The server and the app's certificates; a platform is registered on first use.
    void setUp(tq::test::TestBackend *backend, tq::CertificateService *certificates)
    {
        m_backend = backend;
        m_certificates = certificates;
    }

    /// A trading platform creates a transaction of `action` ("login", "sign" with two SM3
    /// hashes, "decrypt" with two envelopes to the app's encryption certificate); its
    /// {tId, qrContent, pollToken}, or an empty map.
    Q_INVOKABLE QVariantMap createTransaction(const QString &action)
    {
        if (!m_platform)
            m_platform = tq::test::TestPlatform::create(*m_backend, QStringLiteral("C1100000001"));
        if (!m_platform)
            return {};
        QJsonObject request{{QStringLiteral("action"), action}};
        if (action == u"sign") {
            QJsonArray hashes;
            for (const char *key : {"part-1", "part-2"})
                hashes.append(QJsonObject{{QStringLiteral("key"), QLatin1String(key)},
                                          {QStringLiteral("algorithm"), QStringLiteral("sm3")},
                                          {QStringLiteral("value"), QString::fromLatin1(tq::sm3(key).toBase64())}});
            request.insert(QStringLiteral("hashes"), hashes);
        } else if (action == u"decrypt") {
            QJsonArray envelopes;
            m_sessionKeys.clear();
            for (const tq::CertificateRecord &r : m_certificates->installed()) {
                if (r.usage != u"encryption" || !envelopes.isEmpty())
                    continue;
                const auto key = tq::PublicKey::fromDer(tq::Certificate::parse(r.der).value().publicKeyDer).value();
                for (int i = 0; i < 2; ++i) {
                    m_sessionKeys.append(QByteArray(16, char('A' + i)));
                    envelopes.append(QJsonObject{{QStringLiteral("key"), QStringLiteral("bid-%1").arg(i)},
                                                 {QStringLiteral("caOrgType"), r.caOrg},
                                                 {QStringLiteral("encCertSn"), r.serial},
                                                 {QStringLiteral("encryptStr"),
                                                  QString::fromLatin1(key.encrypt(m_sessionKeys.last()).value().toBase64())}});
                }
            }
            request.insert(QStringLiteral("encryptInfoList"), envelopes);
        }
        return m_platform->createTransaction(request).toVariantMap();
    }
    /// The transaction's status as the platform polls it ("scanned", "completed", "rejected"…).
    Q_INVOKABLE QString pollStatus(const QVariantMap &created)
    {
        return m_platform ? m_platform->poll(QJsonObject::fromVariantMap(created)).value(u"status").toString() : QString();
    }
    /// True when the platform's own key opens every session key the device sent back for the
    /// last decrypt transaction, and each is the one it sealed.
    Q_INVOKABLE bool sessionKeysCameBack(const QVariantMap &created)
    {
        const QJsonArray list = m_platform->poll(QJsonObject::fromVariantMap(created))
                                    .value(u"result").toObject().value(u"decryptList").toArray();
        if (list.size() != m_sessionKeys.size() || list.isEmpty())
            return false;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const auto opened = m_platform->encryptionKey->decrypt(
                QByteArray::fromBase64(list.at(i).toObject().value(u"decryptStr").toString().toLatin1()));
            if (!opened || opened.value().view().toByteArray() != m_sessionKeys.at(i))
                return false;
        }
        return true;
    }

    /// Pushes one synthetic 720p camera frame showing a QR code of `text` (tilted, blurred,
    /// noised; YUV 4:2:0 like a camera) into the sink of `videoOutput`. False without a sink.
    Q_INVOKABLE bool pushQrFrame(QObject *videoOutput, const QString &text, int seed)
    {
        auto *sink = videoOutput ? videoOutput->property("videoSink").value<QVideoSink *>() : nullptr;
        if (!sink)
            return false;
        const QImage frame = tq::scantest::cameraFrame(QSize(1280, 720), tq::scantest::qrImage(text.toUtf8()), quint32(seed));
        sink->setVideoFrame(tq::scantest::yuv420Frame(frame.convertToFormat(QImage::Format_Grayscale8)));
        return true;
    }
    /// Pushes a frame without any code.
    Q_INVOKABLE bool pushEmptyFrame(QObject *videoOutput, int seed)
    {
        auto *sink = videoOutput ? videoOutput->property("videoSink").value<QVideoSink *>() : nullptr;
        if (!sink)
            return false;
        const QImage frame = tq::scantest::cameraFrame(QSize(1280, 720), QImage(), quint32(seed));
        sink->setVideoFrame(tq::scantest::yuv420Frame(frame.convertToFormat(QImage::Format_Grayscale8)));
        return true;
    }
    /// A PNG file holding a QR code of `text` (or no code when `text` is empty).
    Q_INVOKABLE QUrl qrImageFile(const QString &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("qr-%1.png").arg(++m_files));
        QImage image = text.isEmpty() ? QImage(300, 300, QImage::Format_Grayscale8) : tq::scantest::qrImage(text.toUtf8(), 6);
        if (text.isEmpty())
            image.fill(Qt::white);
        image.save(path);
        return QUrl::fromLocalFile(path);
    }
    /// A file that is not an image.
    Q_INVOKABLE QUrl textFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("not-an-image.png"));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write("this is not a picture\n");
        return QUrl::fromLocalFile(path);
    }

private:
    tq::test::TestBackend *m_backend = nullptr;
    tq::CertificateService *m_certificates = nullptr;
    std::unique_ptr<tq::test::TestPlatform> m_platform;
    QList<QByteArray> m_sessionKeys;
    QTemporaryDir m_dir;
    int m_files = 0;
};
