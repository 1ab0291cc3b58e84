#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace tq {

class PinMemory;

/// The user's preferences (never secrets), kept in an INI file: today how long a certificate PIN
/// is remembered after it worked (0, the default, is off). A kiosk keeps nothing and never
/// remembers a PIN, so the next person cannot inherit one. The Me page's view model.
/// Does not own `pins`; GUI thread only.
class AppSettings : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The settings are App.settings.")
    Q_PROPERTY(int rememberPinMinutes READ rememberPinMinutes WRITE setRememberPinMinutes NOTIFY rememberPinChanged)
    Q_PROPERTY(QVariantList rememberPinChoices READ rememberPinChoices CONSTANT)
    Q_PROPERTY(int rememberPinIndex READ rememberPinIndex WRITE setRememberPinIndex NOTIFY rememberPinChanged)
public:
    /// Reads `file` (an INI file; empty: nothing is kept) unless `kiosk`.
    AppSettings(PinMemory *pins, QString file, bool kiosk, QObject *parent = nullptr);

    /// Minutes a certificate PIN is kept in memory after it worked; 0 is off. Always 0 on a kiosk.
    int rememberPinMinutes() const;
    /// Only the offered choices are taken; any other value means off. Written to the file at once.
    void setRememberPinMinutes(int minutes);
    /// The choices for rememberPinMinutes: [{minutes, label}], "Off" first.
    QVariantList rememberPinChoices() const;
    int rememberPinIndex() const;
    void setRememberPinIndex(int index);

Q_SIGNALS:
    void rememberPinChanged();

private:
    PinMemory *m_pins;
    QString m_file;
    bool m_kiosk;
};

} // namespace tq
