import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Asks before the pair `vm` shows is revoked for good, with the reason; OK revokes.
Dialog {
    id: dialog
    required property CertificateDetailViewModel vm
    objectName: "revokeDialog"
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 440, 440)
    modal: true
    title: qsTr("Revoke this certificate?")
    standardButtons: Dialog.Ok | Dialog.Cancel
    onAccepted: dialog.vm.revoke()
    ColumnLayout {
        width: parent.width
        spacing: 10
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("Both the signing and the encryption certificate will be revoked for good and published as revoked. You cannot log in or sign with them any more; apply for a new certificate if you need one.")
        }
        Label {
            text: qsTr("Reason")
            font.bold: true
        }
        ComboBox {
            objectName: "revokeReason"
            Layout.fillWidth: true
            model: dialog.vm.revokeReasons
            currentIndex: dialog.vm.revokeReasonIndex
            onActivated: index => dialog.vm.revokeReasonIndex = index
            Accessible.name: qsTr("Reason")
        }
    }
}
