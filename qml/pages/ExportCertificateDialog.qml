import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Export of one certificate of the pair `vm` shows: which one, the file format and the path.
// Closes itself when the export succeeded.
Dialog {
    id: dialog
    required property CertificateDetailViewModel vm
    objectName: "exportDialog"
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 520, 520)
    modal: true
    title: qsTr("Export certificate")

    Connections {
        target: dialog.vm
        function onSucceeded() { dialog.close() }
    }

    ColumnLayout {
        width: parent.width
        spacing: 10
        Label {
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: Theme.mutedText
            text: qsTr("A certificate file holds only public information; platforms may ask you to upload it.")
        }
        Label {
            text: qsTr("Certificate to export")
            font.bold: true
        }
        ComboBox {
            objectName: "exportWhich"
            Layout.fillWidth: true
            model: dialog.vm.exportChoices
            currentIndex: dialog.vm.exportIndex
            onActivated: index => dialog.vm.exportIndex = index
            Accessible.name: qsTr("Certificate to export")
        }
        Label {
            text: qsTr("File format")
            font.bold: true
        }
        ComboBox {
            objectName: "exportFormat"
            Layout.fillWidth: true
            model: dialog.vm.exportFormats
            currentIndex: dialog.vm.exportFormatIndex
            onActivated: index => dialog.vm.exportFormatIndex = index
            Accessible.name: qsTr("File format")
        }
        FormField {
            objectName: "exportPath"
            label: qsTr("Save to")
            text: dialog.vm.exportPath
            onEdited: text => dialog.vm.exportPath = text
            onAccepted: dialog.vm.submit()
        }
        MessageBanner {
            objectName: "exportError"
            text: dialog.vm.errorMessage
        }
    }
    footer: DialogButtonBox {
        Button {
            objectName: "exportCancel"
            flat: true
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
        Button {
            objectName: "exportSubmit"
            flat: true
            enabled: !dialog.vm.busy
            text: qsTr("Export")
            onClicked: dialog.vm.submit()
        }
    }
}
