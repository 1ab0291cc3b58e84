import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// One certificate of a pair with every fact the detail page shows (see certificateFacts()).
Pane {
    id: root
    required property var facts
    padding: 16
    background: Rectangle {
        radius: 8
        color: Theme.cardBackground
        border.color: Theme.cardBorder
    }

    ColumnLayout {
        width: parent.width
        spacing: 10

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: root.objectName + "Usage"
                Layout.fillWidth: true
                text: root.facts.usageText
                font.bold: true
                font.pixelSize: Theme.titleFont - 6
                elide: Text.ElideRight
            }
            StatusChip {
                objectName: root.objectName + "Status"
                status: root.facts.status
                text: root.facts.statusText
            }
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 2
            columnSpacing: 16
            rowSpacing: 6

            Label { text: qsTr("Holder"); color: Theme.mutedText }
            Label {
                objectName: root.objectName + "Holder"
                Layout.fillWidth: true
                text: root.facts.commonName
                wrapMode: Text.Wrap
            }
            Label { text: qsTr("Serial number"); color: Theme.mutedText }
            Label {
                objectName: root.objectName + "Serial"
                Layout.fillWidth: true
                text: root.facts.serial
                font.family: "monospace"
                wrapMode: Text.WrapAnywhere
            }
            Label { text: qsTr("Issuer"); color: Theme.mutedText }
            Label {
                objectName: root.objectName + "Issuer"
                Layout.fillWidth: true
                text: root.facts.issuer
                wrapMode: Text.Wrap
            }
            Label { text: qsTr("Valid from"); color: Theme.mutedText }
            Label { Layout.fillWidth: true; text: root.facts.notBefore }
            Label { text: qsTr("Valid until"); color: Theme.mutedText }
            Label { Layout.fillWidth: true; text: root.facts.notAfter }
            Label { text: qsTr("Key usage"); color: Theme.mutedText }
            Label {
                Layout.fillWidth: true
                text: root.facts.keyUsage.join(qsTr(", "))
                wrapMode: Text.Wrap
            }
            Label { text: qsTr("Algorithm"); color: Theme.mutedText }
            Label { Layout.fillWidth: true; text: root.facts.algorithm }
            Label {
                Layout.alignment: Qt.AlignTop
                text: qsTr("SHA-256 fingerprint")
                color: Theme.mutedText
            }
            Label {
                objectName: root.objectName + "Fingerprint"
                Layout.fillWidth: true
                text: root.facts.fingerprint
                font.family: "monospace"
                font.pixelSize: Theme.smallFont
                wrapMode: Text.WrapAnywhere
            }
        }
    }
}
