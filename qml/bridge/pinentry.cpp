#include "pinentry.h"

#include "core/common/errortext.h"
#include "core/keys/keycustody.h"

namespace tq {

void PinEntry::set(QString text)
{
    QByteArray utf8 = text.toUtf8();
    m_pin = SecureBytes(utf8);
    SecureBytes::wipe(utf8);
    SecureBytes::wipe(text);
}

QString PinEntry::problem() const
{
    const auto checked = PinPolicy().check(m_pin);
    return checked ? QString() : userMessage(checked.error());
}

} // namespace tq
