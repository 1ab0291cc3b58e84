import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Home: greeting, the account and its real-name status.
Page {
    id: page
    objectName: "homePage"
    title: qsTr("Home")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 16

        Label {
            text: qsTr("Welcome to Tongqian")
            font.pixelSize: Theme.titleFont
        }
        Label {
            objectName: "homeAccount"
            text: qsTr("Logged in as %1").arg(App.maskedPhone)
            color: Theme.mutedText
        }
        Pane {
            Layout.fillWidth: true
            padding: 16
            background: Rectangle { radius: 8; color: Theme.noticeBackground }
            Label {
                width: parent.width
                wrapMode: Text.WordWrap
                text: App.identityVerified
                      ? qsTr("Your real name is verified.")
                      : qsTr("Your real name is not verified yet. Real-name verification is required before you can apply for a certificate.")
            }
        }
        Item { Layout.fillHeight: true }
    }
}
