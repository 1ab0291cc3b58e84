#include "scanflowviewmodel.h"

#include "certificatefacts.h"

#include "core/common/encoding.h"
#include "core/common/errortext.h"
#include "core/crypto/digest.h"
#include "core/crypto/x509.h"

#include <QLocale>
#include <QTime>

namespace tq {

namespace {

QVariantMap item(const QString &title, const QString &detail)
{
    return {{QStringLiteral("title"), title}, {QStringLiteral("detail"), detail}};
}

QString algorithmName(DigestAlgorithm algorithm)
{
    return algorithm == DigestAlgorithm::Sm3 ? QStringLiteral("SM3") : QStringLiteral("SHA-256");
}

} // namespace

ScanFlowViewModel::ScanFlowViewModel(TransactionService *transactions, PinMemory *pins, QObject *parent)
    : FormViewModel(parent), m_transactions(transactions), m_pins(pins)
{
    connect(m_pins, &PinMemory::changed, this, &FormViewModel::changed);
    connect(m_transactions, &TransactionService::progress, this, [this](int step, int, const QString &what) {
        m_progressStep = step;
        m_progressText = what;
        Q_EMIT changed();
    });
}

void ScanFlowViewModel::setState(State state)
{
    m_state = state;
    Q_EMIT changed();
}

QString scanActionTitle(ScanAction action)
{
    switch (action) {
    case ScanAction::Login: return ScanFlowViewModel::tr("Log in");
    case ScanAction::Bind: return ScanFlowViewModel::tr("Bind account");
    case ScanAction::Sign: return ScanFlowViewModel::tr("Sign");
    case ScanAction::Seal: return ScanFlowViewModel::tr("Seal");
    case ScanAction::WithdrawSeal: return ScanFlowViewModel::tr("Withdraw seal");
    case ScanAction::Encrypt: return ScanFlowViewModel::tr("Encrypt");
    case ScanAction::Decrypt: return ScanFlowViewModel::tr("Decrypt");
    case ScanAction::MessageSign: return ScanFlowViewModel::tr("Sign message");
    }
    return {};
}

QString ScanFlowViewModel::actionTitle() const
{
    return m_transaction ? scanActionTitle(m_transaction->content.action) : QString();
}

QString ScanFlowViewModel::actionSummary() const
{
    if (!m_transaction)
        return {};
    const QString platform = m_transaction->platformName;
    const ScanContent &c = m_transaction->content;
    switch (c.action) {
    case ScanAction::Login:
        return tr("Log in to %1 with your certificate.").arg(platform);
    case ScanAction::Bind:
        return tr("Register your certificate with %1 so you can log in there by scanning.").arg(platform);
    case ScanAction::Sign:
        return tr("Sign %n item(s) for %1 with your certificate.", "", int(c.signItems().size())).arg(platform);
    case ScanAction::Seal:
        return tr("Seal %n document(s) for %1 with your certificate.", "", int(c.documents.size())).arg(platform);
    case ScanAction::WithdrawSeal:
        return tr("Withdraw a seal you placed on %1.").arg(platform);
    case ScanAction::Encrypt:
        return tr("Give %1 your encryption certificate, so files can be encrypted for you (e.g. a bid).").arg(platform);
    case ScanAction::Decrypt:
        return tr("Open %n digital envelope(s) for %1 (e.g. bid opening). The keys go back encrypted to the "
                  "platform only.", "", int(c.envelopes.size()))
            .arg(platform);
    case ScanAction::MessageSign:
        return tr("Sign a message from %1.").arg(platform);
    }
    return {};
}

QString ScanFlowViewModel::expiresText() const
{
    if (!m_transaction || !m_transaction->resultDeadline.isValid())
        return {};
    return tr("Answer before %1.").arg(QLocale().toString(m_transaction->resultDeadline.toLocalTime().time(), QLocale::ShortFormat));
}

QVariantList ScanFlowViewModel::items() const
{
    QVariantList out;
    if (!m_transaction)
        return out;
    const ScanContent &c = m_transaction->content;
    const QLocale locale;
    for (const ScanDocument &d : c.documents)
        out.append(item(tr("Document: %1 (%2)").arg(d.name, locale.formattedDataSize(d.size)),
                        tr("%1 digest %2").arg(algorithmName(d.digestAlgorithm), toHexText(d.digest))));
    for (const ScanHash &h : c.hashes)
        out.append(item(tr("Digest %1 (%2)").arg(h.key, algorithmName(h.algorithm)),
                        tr("Only this digest is shown to you, not the document it stands for: %1").arg(toHexText(h.value))));
    if (!c.data.isEmpty())
        out.append(item(tr("Data (%1)").arg(locale.formattedDataSize(c.data.size())),
                        tr("SHA-256 %1").arg(toHexText(digest(DigestAlgorithm::Sha256, c.data)))));
    if (!c.message.isEmpty())
        out.append(item(tr("Message"), c.message));
    if (!c.signOriVal.isEmpty())
        out.append(item(tr("Seal to withdraw (certificate %1)").arg(c.certSn), tr("SHA-256 %1").arg(toHexText(digest(DigestAlgorithm::Sha256, c.signOriVal)))));
    for (const ScanEnvelope &e : c.envelopes)
        out.append(item(tr("Envelope %1").arg(e.key), tr("For encryption certificate %1").arg(e.encCertSn)));
    return out;
}

QVariantList ScanFlowViewModel::certificates() const
{
    QVariantList out;
    for (const CertificateRecord &r : m_eligible) {
        out.append(QVariantMap{{QStringLiteral("id"), r.id},
                               {QStringLiteral("label"), tr("%1 · …%2 · until %3")
                                                             .arg(commonNameOf(r.subject), r.serial.right(6),
                                                                  r.notAfter.date().toString(Qt::ISODate))}});
    }
    return out;
}

void ScanFlowViewModel::setCertificateIndex(int index)
{
    if (index == m_certificateIndex || index < 0 || index >= m_eligible.size())
        return;
    m_certificateIndex = index;
    Q_EMIT changed();
}

QString ScanFlowViewModel::pinError() const
{
    return shown(!m_pin.isEmpty(), m_pin.problem());
}

QString ScanFlowViewModel::chosenPairId() const
{
    return m_eligible.isEmpty() ? QString() : m_eligible.at(m_certificateIndex).pairId;
}

bool ScanFlowViewModel::pinRemembered() const
{
    return !m_eligible.isEmpty() && m_pins->secondsLeft(chosenPairId()) > 0;
}

QString ScanFlowViewModel::rememberedPinText() const
{
    const int seconds = m_eligible.isEmpty() ? 0 : m_pins->secondsLeft(chosenPairId());
    if (seconds <= 0)
        return {};
    return tr("Your PIN is remembered on this device until %1.")
        .arg(QLocale().toString(QTime::currentTime().addSecs(seconds), QLocale::ShortFormat));
}

bool ScanFlowViewModel::canSubmit() const
{
    const bool havePin = m_pin.isEmpty() ? pinRemembered() : m_pin.problem().isEmpty();
    return m_state == State::Confirm && !m_eligible.isEmpty() && havePin && !busy();
}

void ScanFlowViewModel::handleScan(const QString &text)
{
    if (m_state != State::Scanning)
        return; // the scanner may still deliver frames while the confirmation is up
    setState(State::Opening);
    auto *job = m_transactions->open(text);
    connect(job, &Job::finished, this, [this, job] {
        if (job->hasError())
            return setState(State::Failed);
        m_transaction = job->result();
        m_eligible = m_transactions->eligibleCertificates(*m_transaction);
        m_certificateIndex = 0;
        if (m_eligible.isEmpty())
            setError(userMessage(Error(ErrorCode::NoUsableCertificate, {})));
        Q_EMIT transactionChanged();
        setState(State::Confirm);
    });
    track(job);
}

void ScanFlowViewModel::setPin(const QString &pin)
{
    m_pin.set(pin);
    Q_EMIT changed();
}

void ScanFlowViewModel::submit()
{
    if (!beginSubmit() || !m_transaction)
        return;
    const QString pairId = chosenPairId();
    const bool typed = !m_pin.isEmpty();
    const std::optional<SecureBytes> remembered = typed ? std::nullopt : m_pins->recall(pairId);
    if (!typed && !remembered)
        return setError(tr("The remembered PIN has just expired. Type the certificate PIN."));
    m_lockedPairId.clear();
    setState(State::Working);
    m_progressStep = 0;
    m_progressText.clear();
    auto *job = m_transactions->approve(*m_transaction, m_eligible.at(m_certificateIndex).id,
                                        typed ? m_pin.value() : *remembered);
    connect(job, &Job::finished, this, [this, job, pairId, typed] {
        if (!job->hasError()) {
            if (typed)
                m_pins->remember(pairId, m_pin.value());
            m_pin.clear();
            Q_EMIT secretsCleared();
            m_resultText = tr("Done: %1 on %2.").arg(actionTitle(), platformName());
            return setState(State::Done);
        }
        if (job->error().is(ErrorCode::PinLocked))
            m_lockedPairId = pairId;
        // A wrong PIN can be corrected; anything else ends this request.
        const bool retry = job->error().is(ErrorCode::WrongPin) || job->error().is(ErrorCode::InvalidPin);
        setState(retry ? State::Confirm : State::Failed);
    });
    track(job);
    if (!typed) {
        // After track(), so this sentence replaces its plain one. Changed on another device, for
        // instance: a remembered PIN is never tried twice (each try counts against the limit).
        connect(job, &Job::finished, this, [this, job, pairId] {
            if (!job->hasError() || !job->error().is(ErrorCode::WrongPin))
                return;
            m_pins->forget(pairId);
            setError(tr("The remembered PIN was not accepted and is forgotten. %1").arg(userMessage(job->error())));
        });
    }
}

void ScanFlowViewModel::forgetRememberedPin()
{
    m_pins->forget(chosenPairId());
}

void ScanFlowViewModel::rejectRequest()
{
    if (!m_transaction || m_state != State::Confirm)
        return;
    auto *job = m_transactions->reject(*m_transaction, tr("The user did not start this request."));
    connect(job, &Job::finished, this, [this, job] {
        m_pin.clear();
        Q_EMIT secretsCleared();
        if (job->hasError())
            return setState(State::Failed);
        m_resultText = tr("Cancelled and reported. Nothing was signed. If someone else showed you this code, do "
                          "not scan codes from them again.");
        setState(State::Done);
    });
    track(job);
}

void ScanFlowViewModel::reset()
{
    m_transaction.reset();
    m_eligible.clear();
    m_pin.clear();
    m_progressStep = 0;
    m_progressText.clear();
    m_resultText.clear();
    m_lockedPairId.clear();
    m_state = State::Scanning;
    Q_EMIT transactionChanged();
    FormViewModel::reset();
}

} // namespace tq
