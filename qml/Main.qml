import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import Tongqian

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1024
    height: 720
    minimumWidth: 360
    minimumHeight: 560
    visible: true
    visibility: App.kiosk ? Window.FullScreen : Window.AutomaticVisibility
    flags: App.kiosk ? Qt.Window | Qt.FramelessWindowHint : Qt.Window
    title: qsTr("Tongqian")
    Material.accent: Theme.accent
    Material.primary: Theme.accent

    Component.onCompleted: App.start()

    Shell {
        anchors.fill: parent
        router: App.router
    }
}
