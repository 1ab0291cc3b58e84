import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// The window's content: the router's current page, made when it is shown, and around pages of
// the areas the navigation, a side bar on wide windows and a bottom bar on narrow ones.
Item {
    id: shell
    required property Router router
    objectName: "shell"
    readonly property bool wide: width >= Theme.wideBreakpoint
    readonly property bool inArea: shell.router.currentArea !== Router.None

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            objectName: "sideBar"
            visible: shell.wide && shell.inArea
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
                    model: shell.router.areas
                    delegate: ItemDelegate {
                        required property var modelData
                        objectName: "side_" + modelData.name
                        Layout.fillWidth: true
                        text: modelData.title
                        highlighted: shell.router.currentArea === modelData.route
                        onClicked: shell.router.go(modelData.route)
                    }
                }
                Item { Layout.fillHeight: true }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0
            Loader {
                id: page
                objectName: "routePage"
                Layout.fillWidth: true
                Layout.fillHeight: true
                // A new page for every route; it gets its view model from the router.
                function show() {
                    page.source = ""
                    page.setSource(shell.router.currentPage, shell.router.currentProperties)
                }
                Component.onCompleted: show()
                Connections {
                    target: shell.router
                    function onCurrentChanged() { page.show() }
                }
            }
            ToolBar {
                objectName: "bottomBar"
                visible: !shell.wide && shell.inArea
                Layout.fillWidth: true
                RowLayout {
                    anchors.fill: parent
                    spacing: 0
                    Repeater {
                        model: shell.router.areas
                        delegate: TabButton {
                            required property var modelData
                            objectName: "tab_" + modelData.name
                            Layout.fillWidth: true
                            text: modelData.title
                            checkable: false
                            checked: shell.router.currentArea === modelData.route
                            onClicked: shell.router.go(modelData.route)
                        }
                    }
                }
            }
        }
    }
}
