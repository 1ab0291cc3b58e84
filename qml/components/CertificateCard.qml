import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// One certificate of a pair with every fact the detail page shows (see certificateFacts()).
Pane {
    id: root
    required property var facts
    padding: 16

    component FactLabel: Label {
        Layout.alignment: Qt.AlignLeft | Qt.AlignTop
        color: Theme.mutedText
    }

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

            FactLabel { text: qsTr("Holder") }
            Label {
                objectName: root.objectName + "Holder"
                Layout.fillWidth: true
                text: root.facts.commonName
                wrapMode: Text.Wrap
            }
            FactLabel { text: qsTr("Serial number") }
            Label {
                objectName: root.objectName + "Serial"
                Layout.fillWidth: true
                text: root.facts.serial
                font.family: "monospace"
                wrapMode: Text.WrapAnywhere
            }
            FactLabel { text: qsTr("Issuer") }
            Label {
                objectName: root.objectName + "Issuer"
                Layout.fillWidth: true
                text: root.facts.issuer
                wrapMode: Text.Wrap
            }
            FactLabel { text: qsTr("Valid from") }
            Label { Layout.fillWidth: true; text: root.facts.notBefore }
            FactLabel { text: qsTr("Valid until") }
            Label { Layout.fillWidth: true; text: root.facts.notAfter }
            FactLabel { text: qsTr("Key usage") }
            Label {
                Layout.fillWidth: true
                text: root.facts.keyUsage.join(qsTr(", "))
                wrapMode: Text.Wrap
            }
            FactLabel { text: qsTr("Algorithm") }
            Label { Layout.fillWidth: true; text: root.facts.algorithm }
            FactLabel { text: qsTr("SHA-256 fingerprint") }
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
