import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Home: greeting, the account and its real-name status with a "verify now" call to action.
StackLayout {
    id: home
    objectName: "homePage"
    currentIndex: App.identityPageOpen ? 1 : 0

    Page {
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
            MessageBanner {
                objectName: "homeNotice"
                isError: false
                text: App.homeNotice
            }
            Pane {
                objectName: "identityStatus"
                Layout.fillWidth: true
                padding: 16
                background: Rectangle { radius: 8; color: Theme.noticeBackground }
                RowLayout {
                    width: parent.width
                    Label {
                        objectName: "identityStatusText"
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        text: App.identityVerified
                              ? qsTr("Your real name is verified.")
                              : qsTr("Your real name is not verified yet. Real-name verification is required before you can apply for a certificate.")
                    }
                    Button {
                        objectName: "verifyNow"
                        visible: !App.identityVerified
                        highlighted: true
                        text: qsTr("Verify now")
                        onClicked: App.showIdentityVerification()
                    }
                }
            }
            Item { Layout.fillHeight: true }
        }
    }

    IdentityPage {
        vm: App.identity
    }
}
