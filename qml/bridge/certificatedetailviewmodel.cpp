#include "certificatedetailviewmodel.h"

#include "certificatefacts.h"
#include "core/common/clock.h"
#include "core/common/errortext.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

#include <iterator>

namespace tq {

namespace {
// RFC 5280 reason names the server accepts, in the order of revokeReasons().
const char *const ReasonNames[] = {"unspecified", "keyCompromise", "affiliationChanged", "superseded",
                                   "cessationOfOperation"};
constexpr CertificateFormat Formats[] = {CertificateFormat::Der, CertificateFormat::Pem,
                                         CertificateFormat::PemWithChain};
} // namespace

void ChangePinViewModel::setOldPin(const QString &pin)
{
    m_old.set(pin);
    setError({});
}

QString ChangePinViewModel::oldPinError() const
{
    return shown(!m_old.isEmpty(), m_old.problem());
}

QString ChangePinViewModel::newPinError() const
{
    if (const QString problem = NewPinFormViewModel::newPinError(); !problem.isEmpty() || m_new.isEmpty())
        return problem;
    return m_new.matches(m_old) ? tr("Choose a new PIN that differs from the current one.") : QString();
}

bool ChangePinViewModel::canSubmit() const
{
    return !busy() && newPinReady() && m_old.problem().isEmpty() && !m_new.matches(m_old);
}

void ChangePinViewModel::submit()
{
    if (!beginSubmit())
        return;
    Job *job = m_service->changePin(m_pairId, m_old.value(), m_new.value());
    connect(job, &Job::finished, this, &ChangePinViewModel::pinTried);
    follow(job, [this] {
        m_old.clear();
        clearPins();
        Q_EMIT secretsCleared();
    });
}

void ChangePinViewModel::reset()
{
    m_old.clear();
    NewPinFormViewModel::reset();
}

CertificateDetailViewModel::CertificateDetailViewModel(CertificateService *service, PinMemory *pins, QObject *parent)
    : FormViewModel(parent), m_service(service), m_pins(pins), m_changePin(new ChangePinViewModel(service, this)),
      m_unlockPin(new UnlockPinViewModel(service, this))
{
    connect(service, &CertificateService::installedChanged, this, &CertificateDetailViewModel::reload);
    connect(m_changePin, &FormViewModel::succeeded, this, [this] {
        m_pins->forget(m_pairId);
        setNotice(tr("The certificate PIN was changed. Use the new PIN from now on."));
    });
    connect(m_changePin, &ChangePinViewModel::pinTried, this, &CertificateDetailViewModel::refreshPinStatus);
    connect(m_unlockPin, &FormViewModel::succeeded, this, [this] {
        m_pins->forget(m_pairId);
        setNotice(tr("The key is unlocked. Use the new PIN from now on."));
        refreshPinStatus();
    });
}

void CertificateDetailViewModel::open(const QString &pairId)
{
    m_pairId = pairId;
    m_exportIndex = 0;
    m_formatIndex = 0;
    m_reasonIndex = 0;
    m_changePin->reset();
    m_changePin->setPairId(pairId);
    m_unlockPin->reset();
    m_unlockPin->setPairId(pairId);
    m_custody = m_service->custodyOf(pairId);
    m_pinStatus = {};
    reload();
    m_exportPath = defaultExportPath();
    FormViewModel::reset();
    refreshPinStatus();
}

void CertificateDetailViewModel::refreshPinStatus()
{
    // Every question, even one not sent, supersedes the answers still on their way.
    const quint64 asked = ++m_pinStatusAsked;
    if (!twoParty())
        return;
    auto *job = m_service->pinStatus(m_pairId);
    connect(job, &Job::finished, this, [this, job, asked] {
        if (asked != m_pinStatusAsked)
            return; // a later question (or another pair) supersedes this answer
        // Unknown on failure (offline, say): the page then shows no count rather than a stale one.
        m_pinStatus = job->hasError() ? PinStatus{} : job->result();
        Q_EMIT changed();
    });
    job->start();
}

QString CertificateDetailViewModel::custodyText() const
{
    if (m_pairId.isEmpty())
        return {};
    return twoParty() ? tr("Two-party key: split between this device and the server, which checks the PIN.")
                      : tr("Kept only on this device — weaker: there is no limit on PIN attempts against a copy of "
                           "its files.");
}

QString CertificateDetailViewModel::pinStatusText() const
{
    if (!twoParty())
        return {};
    if (m_pinStatus.locked)
        return tr("Locked after too many wrong PINs");
    if (m_pinStatus.attemptsLeft < 0)
        return {};
    return tr("%n PIN attempt(s) left", nullptr, m_pinStatus.attemptsLeft);
}

void CertificateDetailViewModel::reload()
{
    m_certificates.clear();
    const QDateTime now = Clock::now();
    for (const CertificateRecord &record : m_service->pair(m_pairId))
        m_certificates.append(certificateFacts(record, now));
    m_exportIndex = qBound(0, m_exportIndex, qMax(0, int(m_certificates.size()) - 1));
    Q_EMIT changed();
}

QString CertificateDetailViewModel::title() const
{
    return m_certificates.isEmpty() ? QString()
                                    : m_certificates.constFirst().toMap().value(QStringLiteral("commonName")).toString();
}

QString CertificateDetailViewModel::status() const
{
    return m_certificates.isEmpty() ? QString()
                                    : m_certificates.constFirst().toMap().value(QStringLiteral("status")).toString();
}

QString CertificateDetailViewModel::statusText() const
{
    return m_certificates.isEmpty() ? QString()
                                    : m_certificates.constFirst().toMap().value(QStringLiteral("statusText")).toString();
}

QStringList CertificateDetailViewModel::exportChoices() const
{
    QStringList out;
    for (const QVariant &c : m_certificates)
        out.append(c.toMap().value(QStringLiteral("usageText")).toString());
    return out;
}

void CertificateDetailViewModel::setExportIndex(int index)
{
    if (index == m_exportIndex || index < 0 || index >= m_certificates.size())
        return;
    m_exportIndex = index;
    m_exportPath = defaultExportPath();
    Q_EMIT changed();
}

QStringList CertificateDetailViewModel::exportFormats() const
{
    return {tr("DER (.cer)"), tr("PEM (.pem)"), tr("PEM with CA chain (.pem)")};
}

void CertificateDetailViewModel::setExportFormatIndex(int index)
{
    if (index == m_formatIndex || index < 0 || index >= int(std::size(Formats)))
        return;
    m_formatIndex = index;
    m_exportPath = defaultExportPath();
    Q_EMIT changed();
}

void CertificateDetailViewModel::setExportPath(const QString &path)
{
    const QUrl url(path);
    const QString local = url.isLocalFile() ? url.toLocalFile() : path.trimmed();
    if (local == m_exportPath)
        return;
    m_exportPath = local;
    setError({});
}

QString CertificateDetailViewModel::defaultExportPath() const
{
    if (m_certificates.isEmpty())
        return {};
    const QVariantMap c = m_certificates.at(m_exportIndex).toMap();
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString name = QStringLiteral("%1-%2-%3.%4")
                             .arg(c.value(QStringLiteral("commonName")).toString(),
                                  c.value(QStringLiteral("usage")).toString(),
                                  c.value(QStringLiteral("serial")).toString().left(8),
                                  Formats[m_formatIndex] == CertificateFormat::Der ? QStringLiteral("cer")
                                                                                   : QStringLiteral("pem"));
    // Names come from the certificate; keep only what is safe in a file name.
    QString safe;
    for (const QChar ch : name)
        safe += (ch.isLetterOrNumber() || ch == u'-' || ch == u'.' || ch == u'_') ? ch : QChar(u'_');
    return QDir(dir).filePath(safe);
}

QStringList CertificateDetailViewModel::revokeReasons() const
{
    return {tr("No reason given"), tr("The key or PIN may be known to someone else"), tr("My details have changed"),
            tr("Replaced by a new certificate"), tr("No longer needed")};
}

void CertificateDetailViewModel::setRevokeReasonIndex(int index)
{
    if (index == m_reasonIndex || index < 0 || index >= int(std::size(ReasonNames)))
        return;
    m_reasonIndex = index;
    Q_EMIT changed();
}

bool CertificateDetailViewModel::canSubmit() const
{
    return !busy() && !m_certificates.isEmpty() && !m_exportPath.isEmpty();
}

void CertificateDetailViewModel::submit()
{
    if (!beginSubmit()) {
        if (m_exportPath.isEmpty())
            setError(tr("Enter where to save the certificate."));
        return;
    }
    const QString id = m_certificates.at(m_exportIndex).toMap().value(QStringLiteral("id")).toString();
    QDir().mkpath(QFileInfo(m_exportPath).absolutePath());
    const auto saved = m_service->exportCertificate(id, m_exportPath, Formats[m_formatIndex]);
    if (!saved) {
        setError(userMessage(saved.error()));
        return;
    }
    setNotice(tr("Certificate saved to %1").arg(QDir::toNativeSeparators(m_exportPath)));
    Q_EMIT succeeded();
}

void CertificateDetailViewModel::revoke()
{
    if (!canRevoke())
        return;
    setError({});
    const QString id = m_certificates.constFirst().toMap().value(QStringLiteral("id")).toString();
    follow(m_service->revoke(id, QString::fromLatin1(ReasonNames[m_reasonIndex])), [this] {
        m_pins->forget(m_pairId);
        setNotice(tr("The certificate pair was revoked. It is listed under invalid certificates."));
        Q_EMIT revoked();
    });
}

void CertificateDetailViewModel::reset()
{
    m_changePin->reset();
    m_unlockPin->reset();
    FormViewModel::reset();
}

} // namespace tq
