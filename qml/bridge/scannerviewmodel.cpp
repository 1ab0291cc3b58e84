#include "scannerviewmodel.h"

#include "core/common/errortext.h"
#include "core/common/taskjob.h"
#include "core/scan/qrdecoder.h"

#include <QGuiApplication>
#include <QMediaDevices>
#include <QPixmap>
#include <QScreen>

namespace tq {

ScannerViewModel::ScannerViewModel(QObject *parent) : QObject(parent)
{
    connect(&m_decoder, &FrameDecoder::decoded, this, &ScannerViewModel::decoded);
    // Say at once when there is no camera, not only when the preview starts; a camera
    // plugged in later is picked up.
    connect(&m_devices, &QMediaDevices::videoInputsChanged, this, &ScannerViewModel::checkDevices);
    checkDevices();
}

void ScannerViewModel::checkDevices()
{
    if (QMediaDevices::videoInputs().isEmpty()) {
        setCameraProblem(tr("No camera was found. Scan an image file or the screen instead."));
    } else if (!m_camera) {
        setCameraProblem({});
        if (m_wantActive)
            setActiveCamera(true);
    }
}

ScannerViewModel::~ScannerViewModel()
{
    m_decoder.setVideoSink(nullptr);
}

void ScannerViewModel::setVideoOutput(QObject *output)
{
    if (m_videoOutput == output)
        return;
    m_videoOutput = output;
    m_session.setVideoOutput(output);
    m_decoder.setVideoSink(m_session.videoSink());
    Q_EMIT videoOutputChanged();
}

bool ScannerViewModel::isActive() const
{
    return m_camera && m_camera->isActive();
}

void ScannerViewModel::setActive(bool active)
{
    if (m_wantActive == active)
        return;
    m_wantActive = active;
    setActiveCamera(active);
    Q_EMIT activeChanged();
}

void ScannerViewModel::setActiveCamera(bool active)
{
    if (active)
        ensureCamera();
    if (m_camera)
        m_camera->setActive(active);
}

void ScannerViewModel::ensureCamera()
{
    if (m_camera)
        return;
    const QCameraDevice device = QMediaDevices::defaultVideoInput();
    if (device.isNull())
        return checkDevices();
    m_camera = std::make_unique<QCamera>(device);
    connect(m_camera.get(), &QCamera::errorOccurred, this, [this](QCamera::Error error, const QString &) {
        if (error != QCamera::NoError)
            setCameraProblem(tr("The camera cannot be used: it may be in use by another app, or camera "
                                "access is not allowed. Allow it in the system settings, or scan an image "
                                "file instead."));
    });
    connect(m_camera.get(), &QCamera::activeChanged, this, &ScannerViewModel::activeChanged);
    m_session.setCamera(m_camera.get());
    setCameraProblem({});
    Q_EMIT cameraChanged();
}

bool ScannerViewModel::cameraAvailable() const
{
    return m_camera && m_cameraProblem.isEmpty();
}

bool ScannerViewModel::torchAvailable() const
{
    return cameraAvailable() && m_camera->isTorchModeSupported(QCamera::TorchOn);
}

bool ScannerViewModel::torchOn() const
{
    return m_camera && m_camera->torchMode() == QCamera::TorchOn;
}

void ScannerViewModel::setTorchOn(bool on)
{
    if (!torchAvailable() || torchOn() == on)
        return;
    m_camera->setTorchMode(on ? QCamera::TorchOn : QCamera::TorchOff);
    Q_EMIT torchOnChanged();
}

bool ScannerViewModel::screenCaptureAvailable() const
{
    // Wayland compositors do not let applications read the screen; Android has no such screen.
    const QString platform = QGuiApplication::platformName();
    return platform == QLatin1String("xcb") || platform == QLatin1String("windows") || platform == QLatin1String("cocoa");
}

void ScannerViewModel::scanImageFile(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    setError({});
    setBusy(true);
    auto *job = new TaskJob<QrDecoder::Codes>([path] { return QrDecoder::decodeFile(path); }, this);
    connect(job, &Job::finished, this, [this, job] {
        setBusy(false);
        if (job->hasError())
            return setError(tr("This file could not be read as an image. Choose a PNG or JPEG picture."));
        if (job->result().isEmpty())
            return setError(tr("No QR code was found in this image. Choose a sharper picture in which the "
                               "whole code is visible."));
        Q_EMIT decoded(job->result().constFirst().text);
    });
    job->start();
}

void ScannerViewModel::scanScreen()
{
    setError({});
    if (!screenCaptureAvailable())
        return setError(tr("This system does not let apps read the screen. Save the QR code as a picture "
                           "and scan the image file instead."));
    // Grabbing must happen on the GUI thread; decoding the pictures does not.
    QList<QImage> shots;
    for (QScreen *screen : QGuiApplication::screens())
        shots.append(screen->grabWindow(0).toImage());
    setBusy(true);
    auto *job = new TaskJob<QrDecoder::Codes>(
        [shots] {
            for (const QImage &shot : shots) {
                auto codes = QrDecoder::decode(shot);
                if (codes && !codes.value().isEmpty())
                    return codes;
            }
            return Result<QrDecoder::Codes>(QrDecoder::Codes{});
        },
        this);
    connect(job, &Job::finished, this, [this, job] {
        setBusy(false);
        if (job->hasError() || job->result().isEmpty())
            return setError(tr("No QR code was found on the screen. Make sure the whole code is visible and "
                               "not covered by this window, then try again."));
        Q_EMIT decoded(job->result().constFirst().text);
    });
    job->start();
}

void ScannerViewModel::setDebounceInterval(int msecs)
{
    if (msecs == m_decoder.debounceInterval())
        return;
    m_decoder.setDebounceInterval(msecs);
    Q_EMIT debounceIntervalChanged();
}

void ScannerViewModel::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged();
}

void ScannerViewModel::setError(const QString &error)
{
    if (m_error == error)
        return;
    m_error = error;
    Q_EMIT errorChanged();
}

void ScannerViewModel::setCameraProblem(const QString &problem)
{
    if (m_cameraProblem == problem)
        return;
    m_cameraProblem = problem;
    Q_EMIT cameraChanged();
}

} // namespace tq
