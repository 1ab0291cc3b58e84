import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// SMS code entry with the "send code" button and its resend countdown.
ColumnLayout {
    id: root
    required property AccountFormViewModel vm
    signal accepted()
    spacing: 4
    Layout.fillWidth: true

    Label {
        text: qsTr("Verification code")
        font.bold: true
    }
    RowLayout {
        Layout.fillWidth: true
        TextField {
            id: codeField
            objectName: root.objectName + "Input"
            Layout.fillWidth: true
            text: root.vm.smsCode
            placeholderText: qsTr("6-digit code")
            inputMethodHints: Qt.ImhDigitsOnly
            maximumLength: 6
            validator: SmsCodeValidator {}
            onTextEdited: root.vm.smsCode = text
            onAccepted: root.accepted()
            Accessible.name: qsTr("Verification code")
        }
        Button {
            objectName: root.objectName + "Send"
            enabled: root.vm.canSendCode
            text: root.vm.smsCountdown > 0 ? qsTr("Resend in %1 s").arg(root.vm.smsCountdown) : qsTr("Send code")
            onClicked: root.vm.sendCode()
        }
    }
    Label {
        objectName: root.objectName + "Error"
        Layout.fillWidth: true
        visible: root.vm.smsCodeError.length > 0
        text: root.vm.smsCodeError
        color: Theme.errorColor
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.smallFont
    }
}
