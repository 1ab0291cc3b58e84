#pragma once

#include "core/scan/framedecoder.h"

#include <QCamera>
#include <QMediaCaptureSession>
#include <QMediaDevices>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace tq {

/// The scanner page's logic: the camera with live preview and torch, a still image
/// file, or (desktop) the screen. Camera frames go through FrameDecoder (one decode strategy per
/// frame on a worker, frames dropped while it is busy); still images and screen grabs go
/// through the whole QrDecoder strategy list on a worker. The UI thread never decodes.
///
/// QML gives it its VideoOutput; frames reaching that output's video sink are decoded, whether
/// they come from the camera or (in tests) are pushed in. GUI thread only.
class ScannerViewModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QObject *videoOutput READ videoOutput WRITE setVideoOutput NOTIFY videoOutputChanged)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    Q_PROPERTY(bool cameraAvailable READ cameraAvailable NOTIFY cameraChanged)
    Q_PROPERTY(QString cameraProblem READ cameraProblem NOTIFY cameraChanged)
    Q_PROPERTY(bool torchAvailable READ torchAvailable NOTIFY cameraChanged)
    Q_PROPERTY(bool torchOn READ torchOn WRITE setTorchOn NOTIFY torchOnChanged)
    Q_PROPERTY(bool screenCaptureAvailable READ screenCaptureAvailable CONSTANT)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int debounceInterval READ debounceInterval WRITE setDebounceInterval NOTIFY debounceIntervalChanged)
public:
    explicit ScannerViewModel(QObject *parent = nullptr);
    ~ScannerViewModel() override;

    QObject *videoOutput() const { return m_videoOutput; }
    void setVideoOutput(QObject *output);
    /// Whether the camera should run (the page is visible). Without a camera it stays false
    /// and cameraProblem says why.
    bool isActive() const;
    void setActive(bool active);
    bool cameraAvailable() const;
    /// A translated sentence when the camera cannot be used (none, busy, no permission); empty otherwise.
    QString cameraProblem() const { return m_cameraProblem; }
    bool torchAvailable() const;
    bool torchOn() const;
    void setTorchOn(bool on);
    bool screenCaptureAvailable() const;
    bool busy() const { return m_busy; }
    /// The last still-image or screen problem, translated; cleared by the next attempt.
    QString error() const { return m_error; }
    /// How long the same code is not reported again, in ms (default 2000).
    int debounceInterval() const { return m_decoder.debounceInterval(); }
    void setDebounceInterval(int msecs);

    /// Decodes a still image file (PNG, JPEG, …).
    Q_INVOKABLE void scanImageFile(const QUrl &file);
    /// Decodes what every screen shows right now (desktop).
    Q_INVOKABLE void scanScreen();
    /// How often a code was read again within debounceInterval and not reported (for tests).
    Q_INVOKABLE int repeatsSuppressed() const { return m_decoder.repeatsSuppressed(); }

Q_SIGNALS:
    void videoOutputChanged();
    void activeChanged();
    void cameraChanged();
    void torchOnChanged();
    void busyChanged();
    void errorChanged();
    void debounceIntervalChanged();
    /// A QR code was read; `text` is its content. The app decides what it means.
    void decoded(const QString &text);

private:
    void setBusy(bool busy);
    void setError(const QString &error);
    void setCameraProblem(const QString &problem);
    void ensureCamera();
    void checkDevices();
    void setActiveCamera(bool active);

    FrameDecoder m_decoder;
    QMediaDevices m_devices;
    QMediaCaptureSession m_session;
    std::unique_ptr<QCamera> m_camera;
    QPointer<QObject> m_videoOutput;
    bool m_wantActive = false;
    bool m_busy = false;
    QString m_error;
    QString m_cameraProblem;
};

} // namespace tq
