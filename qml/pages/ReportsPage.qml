import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Scan reports: every request answered from this account, searchable.
Page {
    id: page
    objectName: "reportsPage"
    title: qsTr("Scan reports")
    required property ScanReportModel vm

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 12

        Label {
            text: page.title
            font.pixelSize: Theme.titleFont
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                objectName: "reportsSearch"
                Layout.fillWidth: true
                placeholderText: qsTr("Search by platform, action or certificate serial")
                onAccepted: page.vm.search = text
            }
            Button {
                objectName: "reportsRefresh"
                text: qsTr("Refresh")
                enabled: !page.vm.busy
                onClicked: page.vm.refresh()
            }
        }
        MessageBanner {
            objectName: "reportsError"
            text: page.vm.errorMessage
        }
        Label {
            objectName: "reportsEmpty"
            visible: page.vm.count === 0 && !page.vm.busy
            text: qsTr("No scans yet. Requests you answer by scanning appear here.")
            color: Theme.mutedText
        }
        ListView {
            objectName: "reportsList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: page.vm
            delegate: Pane {
                required property string title
                required property string platform
                required property string certificate
                required property string time
                required property string status
                width: ListView.view.width
                padding: 12
                background: Rectangle { radius: 6; color: Theme.cardBackground; border.color: Theme.cardBorder }
                ColumnLayout {
                    width: parent.width
                    RowLayout {
                        Layout.fillWidth: true
                        Label { text: title; font.bold: true; Layout.fillWidth: true }
                        Label { text: status; color: Theme.mutedText }
                    }
                    Label { text: platform; Layout.fillWidth: true; elide: Text.ElideRight }
                    Label { text: certificate + " · " + time; color: Theme.mutedText; Layout.fillWidth: true; elide: Text.ElideRight }
                }
            }
        }
    }
}
