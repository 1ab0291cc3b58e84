import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Real-name verification: full name and resident ID number.
FormPage {
    id: page
    required property IdentityViewModel vm
    objectName: "identityPage"
    title: qsTr("Verify your real name")

    Label {
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        color: Theme.mutedText
        text: qsTr("A certificate is issued in your real name. Your ID number is sent over an encrypted connection, stored encrypted and never written into a certificate.")
    }
    FormField {
        objectName: "identityName"
        label: qsTr("Full name")
        placeholderText: qsTr("As on your resident ID card")
        text: page.vm.name
        error: page.vm.nameError
        onEdited: text => page.vm.name = text
    }
    FormField {
        objectName: "identityNumber"
        label: qsTr("ID number")
        placeholderText: qsTr("18 characters")
        maximumLength: 18
        validator: IdNumberValidator {}
        text: page.vm.idNumber
        error: page.vm.idNumberError
        onEdited: text => page.vm.idNumber = text
        onAccepted: page.vm.submit()
    }
    MessageBanner {
        objectName: "identityError"
        text: page.vm.errorMessage
    }
    Button {
        objectName: "identitySubmit"
        Layout.fillWidth: true
        highlighted: true
        enabled: !page.vm.busy
        text: page.vm.busy ? qsTr("Verifying…") : qsTr("Verify")
        onClicked: page.vm.submit()
    }
    Button {
        objectName: "identityCancel"
        flat: true
        text: qsTr("Not now")
        onClicked: App.router.go(Router.Home)
    }
}
