import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Register or reset the password: number, SMS code, password twice.
FormPage {
    id: page
    required property SetPasswordViewModel vm
    property bool registering: true
    title: registering ? qsTr("Create an account") : qsTr("Reset password")

    FormField {
        objectName: page.objectName + "Phone"
        label: qsTr("Mobile number")
        placeholderText: qsTr("11-digit mainland number")
        text: page.vm.phone
        error: page.vm.phoneError
        inputMethodHints: Qt.ImhDialableCharactersOnly
        maximumLength: 11
        validator: MobileNumberValidator {}
        onEdited: text => page.vm.phone = text
    }
    SmsCodeField {
        objectName: page.objectName + "SmsCode"
        vm: page.vm
    }
    FormField {
        objectName: page.objectName + "Password"
        label: page.registering ? qsTr("Password") : qsTr("New password")
        placeholderText: qsTr("8–16 characters: upper, lower case and digits")
        echoMode: TextInput.Password
        maximumLength: 16
        text: page.vm.password
        error: page.vm.passwordError
        onEdited: text => page.vm.password = text
    }
    FormField {
        objectName: page.objectName + "Confirm"
        label: qsTr("Repeat password")
        echoMode: TextInput.Password
        maximumLength: 16
        text: page.vm.confirmPassword
        error: page.vm.confirmError
        onEdited: text => page.vm.confirmPassword = text
        onAccepted: page.vm.submit()
    }
    RowLayout {
        visible: page.registering
        Layout.fillWidth: true
        CheckBox {
            id: agree
            objectName: page.objectName + "Agree"
            checked: page.vm.agreed
            onToggled: page.vm.agreed = checked
            Accessible.name: agreeText.text
        }
        Label {
            id: agreeText
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("I have read and accept the user agreement and privacy policy")
            TapHandler { onTapped: page.vm.agreed = !page.vm.agreed }
        }
    }
    Label {
        objectName: page.objectName + "AgreeError"
        visible: page.vm.agreementError.length > 0
        Layout.fillWidth: true
        text: page.vm.agreementError
        color: Theme.errorColor
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.smallFont
    }
    MessageBanner {
        objectName: page.objectName + "Notice"
        isError: false
        text: page.vm.notice
    }
    MessageBanner {
        objectName: page.objectName + "Error"
        text: page.vm.errorMessage
    }
    Button {
        objectName: page.objectName + "Submit"
        Layout.fillWidth: true
        highlighted: true
        enabled: !page.vm.busy
        text: page.vm.busy ? qsTr("Please wait…") : (page.registering ? qsTr("Register") : qsTr("Set new password"))
        onClicked: page.vm.submit()
    }
    Button {
        objectName: page.objectName + "Back"
        flat: true
        text: qsTr("Back to log in")
        onClicked: App.router.go(Router.Login)
    }
}
