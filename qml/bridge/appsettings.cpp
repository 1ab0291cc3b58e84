#include "appsettings.h"

#include "core/keys/pinmemory.h"

#include <QSettings>

#include <algorithm>
#include <iterator>

namespace tq {

namespace {
const QString RememberPinKey = QStringLiteral("security/rememberPinMinutes");
constexpr int RememberPinChoices[] = {0, 5, 15, 30};
} // namespace

AppSettings::AppSettings(PinMemory *pins, QString file, bool kiosk, QObject *parent)
    : QObject(parent), m_pins(pins), m_file(kiosk ? QString() : std::move(file)), m_kiosk(kiosk)
{
    if (!m_file.isEmpty()) {
        const QSettings settings(m_file, QSettings::IniFormat);
        setRememberPinMinutes(settings.value(RememberPinKey, 0).toInt());
    }
}

int AppSettings::rememberPinMinutes() const
{
    return int(std::chrono::duration_cast<std::chrono::minutes>(m_pins->lifetime()).count());
}

void AppSettings::setRememberPinMinutes(int minutes)
{
    if (m_kiosk || minutes == rememberPinMinutes())
        return;
    // Only the offered choices: a stored value from elsewhere falls back to "off".
    if (std::find(std::begin(RememberPinChoices), std::end(RememberPinChoices), minutes) == std::end(RememberPinChoices))
        minutes = 0;
    m_pins->setLifetime(std::chrono::minutes(minutes));
    if (!m_file.isEmpty()) {
        QSettings settings(m_file, QSettings::IniFormat);
        settings.setValue(RememberPinKey, minutes);
    }
    Q_EMIT rememberPinChanged();
}

QVariantList AppSettings::rememberPinChoices() const
{
    QVariantList out;
    for (int minutes : RememberPinChoices) {
        out.append(QVariantMap{{QStringLiteral("minutes"), minutes},
                               {QStringLiteral("label"), minutes == 0 ? tr("Off: ask for the PIN every time")
                                                                      : tr("For %n minute(s) after it is typed", "", minutes)}});
    }
    return out;
}

int AppSettings::rememberPinIndex() const
{
    const auto *found = std::find(std::begin(RememberPinChoices), std::end(RememberPinChoices), rememberPinMinutes());
    return found == std::end(RememberPinChoices) ? 0 : int(found - std::begin(RememberPinChoices));
}

void AppSettings::setRememberPinIndex(int index)
{
    if (index >= 0 && index < int(std::size(RememberPinChoices)))
        setRememberPinMinutes(RememberPinChoices[index]);
}

} // namespace tq
