import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// The navigation shell: a side bar on wide windows, a bottom bar on narrow ones.
Item {
    id: shell
    objectName: "shell"
    readonly property bool wide: width >= Theme.wideBreakpoint

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "sideBar"
            visible: shell.wide
            Layout.fillHeight: true
            Layout.preferredWidth: 200
            color: Theme.sidebar
            ColumnLayout {
                anchors.fill: parent
                anchors.topMargin: 16
                spacing: 4
                Label {
                    Layout.leftMargin: 16
                    Layout.bottomMargin: 12
                    text: qsTr("Tongqian")
                    color: Theme.accent
                    font.pixelSize: Theme.titleFont
                    font.bold: true
                }
                Repeater {
                    model: App.areas
                    delegate: ItemDelegate {
                        required property var modelData
                        objectName: "side_" + modelData.key
                        Layout.fillWidth: true
                        text: modelData.title
                        highlighted: App.currentArea === modelData.key
                        onClicked: App.selectArea(modelData.key)
                    }
                }
                Item { Layout.fillHeight: true }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: App.currentAreaIndex
                HomePage {}
                ScanArea {}
                CertificatesPage {}
                ReportsPage {}
                MePage {}
            }
            TabBar {
                objectName: "bottomBar"
                visible: !shell.wide
                Layout.fillWidth: true
                currentIndex: App.currentAreaIndex
                Repeater {
                    model: App.areas
                    delegate: TabButton {
                        required property var modelData
                        objectName: "tab_" + modelData.key
                        text: modelData.title
                        onClicked: App.selectArea(modelData.key)
                    }
                }
            }
        }
    }
}
