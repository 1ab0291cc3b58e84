import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Home: greeting, the account and its real-name status with a "verify now" call to action;
// once verified, a summary of the certificates with the next step.
Page {
    id: page
    required property HomeViewModel vm
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
        MessageBanner {
            objectName: "homeNotice"
            isError: false
            text: page.vm.notice
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
                    onClicked: App.router.go(Router.IdentityVerification)
                }
            }
        }
        Pane {
            objectName: "certificateSummary"
            visible: App.identityVerified
            Layout.fillWidth: true
            padding: 16
            background: Rectangle {
                radius: 8
                color: Theme.cardBackground
                border.color: Theme.cardBorder
            }
            RowLayout {
                width: parent.width
                Label {
                    objectName: "certificateSummaryText"
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    text: page.vm.certificates.validCount > 0
                          ? qsTr("You have %n valid certificate(s) on this device.", "", page.vm.certificates.validCount)
                          : qsTr("You have no valid certificate yet. Apply for one to log in and sign on e-bidding platforms.")
                }
                Button {
                    objectName: "homeApply"
                    visible: page.vm.certificates.validCount === 0
                    highlighted: true
                    text: qsTr("Apply for a certificate")
                    onClicked: App.router.go(Router.CertificateApply)
                }
                Button {
                    objectName: "homeCertificates"
                    visible: page.vm.certificates.validCount > 0
                    text: qsTr("View certificates")
                    onClicked: App.router.go(Router.Certificates)
                }
            }
        }
        Item { Layout.fillHeight: true }
    }
}
