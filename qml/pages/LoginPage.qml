import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Log in with password or SMS code.
FormPage {
    id: page
    required property LoginViewModel vm
    title: qsTr("Log in")
    objectName: "loginPage"

    TabBar {
        Layout.fillWidth: true
        currentIndex: page.vm.useSmsCode ? 1 : 0
        TabButton {
            objectName: "loginModePassword"
            text: qsTr("Password login")
            onClicked: page.vm.useSmsCode = false
        }
        TabButton {
            objectName: "loginModeSms"
            text: qsTr("SMS code login")
            onClicked: page.vm.useSmsCode = true
        }
    }
    FormField {
        objectName: "loginPhone"
        label: qsTr("Mobile number")
        placeholderText: qsTr("11-digit mainland number")
        text: page.vm.phone
        error: page.vm.phoneError
        inputMethodHints: Qt.ImhDialableCharactersOnly
        maximumLength: 11
        validator: MobileNumberValidator {}
        onEdited: text => page.vm.phone = text
        onAccepted: page.vm.submit()
    }
    FormField {
        objectName: "loginPassword"
        visible: !page.vm.useSmsCode
        label: qsTr("Password")
        echoMode: TextInput.Password
        text: page.vm.password
        error: page.vm.passwordError
        onEdited: text => page.vm.password = text
        onAccepted: page.vm.submit()
    }
    SmsCodeField {
        objectName: "loginSmsCode"
        visible: page.vm.useSmsCode
        vm: page.vm
        onAccepted: page.vm.submit()
    }
    MessageBanner {
        objectName: "loginNotice"
        isError: false
        text: page.vm.notice
    }
    MessageBanner {
        objectName: "loginError"
        text: page.vm.errorMessage
    }
    Button {
        objectName: "loginSubmit"
        Layout.fillWidth: true
        highlighted: true
        enabled: !page.vm.busy
        text: page.vm.busy ? qsTr("Logging in…") : qsTr("Log in")
        onClicked: page.vm.submit()
    }
    RowLayout {
        Layout.fillWidth: true
        Button {
            objectName: "goRegister"
            flat: true
            text: qsTr("Create an account")
            onClicked: App.router.go(Router.Register)
        }
        Item { Layout.fillWidth: true }
        Button {
            objectName: "goReset"
            flat: true
            text: qsTr("Forgot password?")
            onClicked: App.router.go(Router.ResetPassword)
        }
    }
}
