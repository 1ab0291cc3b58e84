import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// A 6-digit certificate PIN field. The text goes to the view model on every edit (where it
// becomes SecureBytes) and is cleared here when the form wipes its secrets.
FormField {
    id: root
    required property FormViewModel form
    placeholderText: qsTr("6 digits")
    echoMode: TextInput.Password
    inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
    maximumLength: 6
    validator: PinValidator {}

    Connections {
        target: root.form
        function onSecretsCleared() { root.field.clear() }
    }
}
