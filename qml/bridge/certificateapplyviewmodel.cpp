#include "certificateapplyviewmodel.h"

#include "core/common/clock.h"
#include "core/common/errortext.h"
#include "core/validators/validationerrors.h"

#include <QLocale>

#include <algorithm>
#include <iterator>

namespace tq {

namespace {
constexpr KeyAlgorithm Algorithms[] = {KeyAlgorithm::Sm2, KeyAlgorithm::EcdsaP256, KeyAlgorithm::Rsa2048};
constexpr int ValidityYears[] = {1, 2, 3};
// In the order of custodyChoices().
constexpr CustodyKind Custodies[] = {CustodyKind::TwoParty, CustodyKind::Local};
} // namespace

CertificateApplyViewModel::CertificateApplyViewModel(AccountSession *session, CertificateService *service,
                                                     QObject *parent)
    : FormViewModel(parent), m_session(session), m_service(service), m_custody(service->defaultCustody())
{
    connect(session, &AccountSession::accountChanged, this, &FormViewModel::changed);
    connect(service, &CertificateService::installedChanged, this, [this] {
        if (proofCertificates().isEmpty())
            m_proofMethod = 0;
        m_proofCertificate = 0;
        Q_EMIT changed();
    });
    connect(service, &CertificateService::progress, this, [this](int step, int, const QString &what) {
        m_step = step;
        m_stepText = what;
        Q_EMIT changed();
    });
}

bool CertificateApplyViewModel::identityVerified() const
{
    return m_session->account().identityVerified;
}

QStringList CertificateApplyViewModel::algorithms() const
{
    return {tr("SM2 (national standard, recommended)"), tr("ECDSA P-256"), tr("RSA-2048")};
}

void CertificateApplyViewModel::setAlgorithmIndex(int index)
{
    if (index == m_algorithm || index < 0 || index >= int(std::size(Algorithms)))
        return;
    m_algorithm = index;
    Q_EMIT changed();
}

QVariantList CertificateApplyViewModel::custodyChoices() const
{
    const auto choice = [](const QString &title, const QString &description) {
        return QVariantMap{{QStringLiteral("title"), title}, {QStringLiteral("description"), description}};
    };
    return {choice(tr("Two-party (recommended)"),
                   tr("The key is split between this device and the server; 6 wrong PINs lock it.")),
            choice(tr("Only on this device (weaker)"),
                   tr("Works offline, but anyone with a copy of this device's files can try PINs without limit."))};
}

CustodyKind CertificateApplyViewModel::custody() const
{
    return custodyChoosable() ? m_custody : CustodyKind::Local;
}

int CertificateApplyViewModel::custodyIndex() const
{
    return int(std::find(std::begin(Custodies), std::end(Custodies), custody()) - std::begin(Custodies));
}

void CertificateApplyViewModel::setCustodyIndex(int index)
{
    if (!custodyChoosable() || index == custodyIndex() || index < 0 || index >= int(std::size(Custodies)))
        return;
    m_custody = Custodies[index];
    Q_EMIT changed();
}

bool CertificateApplyViewModel::custodyChoosable() const
{
    return Algorithms[m_algorithm] == KeyAlgorithm::Sm2;
}

QString CertificateApplyViewModel::custodyNote() const
{
    if (custodyChoosable())
        return {};
    return tr("RSA and P-256 keys are always kept only on this device; two-party keys are SM2 only.");
}

QStringList CertificateApplyViewModel::validityOptions() const
{
    QStringList out;
    for (int years : ValidityYears)
        out.append(tr("%n year(s)", nullptr, years));
    return out;
}

void CertificateApplyViewModel::setValidityIndex(int index)
{
    if (index == m_validity || index < 0 || index >= int(std::size(ValidityYears)))
        return;
    m_validity = index;
    Q_EMIT changed();
}

void CertificateApplyViewModel::setPin(const QString &pin)
{
    m_pin.set(pin);
    setError({});
}

void CertificateApplyViewModel::setConfirmPin(const QString &pin)
{
    m_confirm.set(pin);
    setError({});
}

QString CertificateApplyViewModel::pinError() const
{
    return shown(!m_pin.isEmpty(), m_pin.problem());
}

QString CertificateApplyViewModel::confirmError() const
{
    return shown(!m_confirm.isEmpty(), m_confirm.matches(m_pin) ? QString() : tr("The two PINs do not match."));
}

QStringList CertificateApplyViewModel::proofMethods() const
{
    QStringList methods{tr("Enter my name and ID number again")};
    if (!proofCertificates().isEmpty())
        methods.append(tr("Use my existing certificate and an SMS code"));
    return methods;
}

void CertificateApplyViewModel::setProofMethod(int method)
{
    if (method == m_proofMethod || method < 0 || method >= proofMethods().size())
        return;
    m_proofMethod = method;
    setError({});
}

QStringList CertificateApplyViewModel::proofCertificates() const
{
    QStringList lines;
    for (const CertificateRecord &r : m_service->provingCertificates(Clock::now()))
        lines.append(tr("%1, valid until %2").arg(r.serial, QLocale().toString(r.notAfter.toLocalTime().date())));
    return lines;
}

void CertificateApplyViewModel::setProofCertificateIndex(int index)
{
    if (index == m_proofCertificate || index < 0 || index >= proofCertificates().size())
        return;
    m_proofCertificate = index; // the challenge is the account's, good for any of its certificates
    setError({});
}

void CertificateApplyViewModel::setName(const QString &name)
{
    if (m_person.setName(name))
        Q_EMIT changed();
}

void CertificateApplyViewModel::setIdNumber(const QString &idNumber)
{
    if (m_person.setIdNumber(idNumber))
        Q_EMIT changed();
}

QString CertificateApplyViewModel::nameError() const
{
    return shown(m_person.name(), m_person.nameProblem());
}

QString CertificateApplyViewModel::idNumberError() const
{
    return shown(m_person.idNumberComplete(), m_person.idNumberProblem());
}

void CertificateApplyViewModel::setSmsCode(const QString &code)
{
    const QString trimmed = code.trimmed();
    if (trimmed == m_smsCode)
        return;
    m_smsCode = trimmed;
    setError({});
}

QString CertificateApplyViewModel::smsCodeError() const
{
    return shown(m_smsCode, smsCodeProblem(m_smsCode));
}

void CertificateApplyViewModel::requestCode()
{
    if (m_requesting || busy() || !usesCertificate())
        return;
    m_requesting = true;
    setError({});
    setNotice({});
    ComposedValueJob<QByteArray> *job = m_service->requestChallenge();
    job->then(this, [this, job] {
        m_requesting = false;
        if (job->hasError())
            return setError(userMessage(job->error()));
        m_challenge = job->result();
        setNotice(tr("A 6-digit code was sent to this account's phone. It is valid for 5 minutes."));
    });
}

ApplicationProof CertificateApplyViewModel::proof() const
{
    if (!usesCertificate())
        return ApplicationProof::ofIdentity({m_person.name(), m_person.idNumber(), {}});
    const QList<CertificateRecord> proving = m_service->provingCertificates(Clock::now());
    const QString id = m_proofCertificate < proving.size() ? proving.at(m_proofCertificate).id : QString();
    return ApplicationProof::ofCertificate(id, m_challenge, m_smsCode);
}

void CertificateApplyViewModel::wipeProof()
{
    m_person.clear();
    SecureBytes::wipe(m_smsCode);
    m_challenge.clear();
}

bool CertificateApplyViewModel::canSubmit() const
{
    const bool proven = usesCertificate() ? codeRequested() && smsCodeProblem(m_smsCode).isEmpty()
                                          : m_person.isValid();
    return !busy() && identityVerified() && proven && m_pin.problem().isEmpty() && m_confirm.matches(m_pin);
}

void CertificateApplyViewModel::submit()
{
    if (!beginSubmit())
        return;
    m_step = 0;
    m_stepText.clear();
    const int days = 365 * ValidityYears[m_validity];
    // Which CA institution issues is the server's configuration, not the app's.
    Job *job = m_service->apply(Algorithms[m_algorithm], proof(), m_pin.value(), days, {}, custody());
    follow(job, [this] {
        const QList<CertificateRecord> all = m_service->installed();
        m_appliedPairId = all.isEmpty() ? QString() : all.constFirst().pairId;
        m_pin.clear();
        m_confirm.clear();
        wipeProof();
        m_step = 0;
        Q_EMIT secretsCleared();
    });
}

void CertificateApplyViewModel::reset()
{
    m_pin.clear();
    m_confirm.clear();
    m_step = 0;
    m_stepText.clear();
    m_algorithm = 0;
    m_validity = 0;
    m_custody = m_service->defaultCustody();
    m_proofMethod = 0;
    m_proofCertificate = 0;
    wipeProof();
    FormViewModel::reset();
}

} // namespace tq
