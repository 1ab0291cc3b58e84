import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
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

    StackLayout {
        anchors.fill: parent
        currentIndex: App.stage

        // Stage Starting
        Item {
            objectName: "startingPage"
            BusyIndicator {
                anchors.centerIn: parent
                running: App.stage === App.Starting
            }
        }
        // Stage SignedOut
        StackLayout {
            currentIndex: App.authPage
            LoginPage { vm: App.login }
            SetPasswordPage { objectName: "registerPage"; vm: App.registration; registering: true }
            SetPasswordPage { objectName: "resetPage"; vm: App.passwordReset; registering: false }
        }
        // Stage SignedIn
        Shell {}
    }
}
