import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Me: the account, the server this app talks to, version, remember-PIN, log out.
Page {
    id: page
    objectName: "mePage"
    required property AppSettings vm
    title: qsTr("Me")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 12

        Label {
            text: qsTr("Me")
            font.pixelSize: Theme.titleFont
        }
        GridLayout {
            columns: 2
            columnSpacing: 24
            rowSpacing: 8
            Label { text: qsTr("Account"); color: Theme.mutedText }
            Label { objectName: "meAccount"; text: App.maskedPhone }
            Label { text: qsTr("Server"); color: Theme.mutedText }
            Label {
                text: App.embeddedServer ? qsTr("Built-in server (%1)").arg(App.serverUrl) : App.serverUrl
                Layout.fillWidth: true
                elide: Text.ElideMiddle
            }
            Label { text: qsTr("Version"); color: Theme.mutedText }
            Label { text: App.version }
        }
        Label {
            visible: !App.kiosk
            text: qsTr("Remember the certificate PIN")
            font.bold: true
        }
        ComboBox {
            objectName: "rememberPinChoice"
            visible: !App.kiosk
            Layout.fillWidth: true
            Layout.maximumWidth: 420
            model: page.vm.rememberPinChoices
            textRole: "label"
            currentIndex: page.vm.rememberPinIndex
            onActivated: index => page.vm.rememberPinIndex = index
        }
        Label {
            visible: !App.kiosk
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: Theme.mutedText
            text: qsTr("A remembered PIN is kept in memory only, never written to disk, and forgotten when the time is up, when you log out or when the app closes. Anyone holding this unlocked device can use your certificate meanwhile.")
        }
        Button {
            objectName: "logoutButton"
            text: qsTr("Log out")
            onClicked: logoutDialog.open()
        }
        Item { Layout.fillHeight: true }
    }

    Dialog {
        id: logoutDialog
        objectName: "logoutDialog"
        anchors.centerIn: parent
        modal: true
        title: qsTr("Log out?")
        standardButtons: Dialog.Ok | Dialog.Cancel
        Label { text: qsTr("You will need your password or an SMS code to log in again.") }
        onAccepted: App.logout()
    }
}
