import QtQuick
import QtQuick.Controls

// Shown while a stored session is restored.
Item {
    objectName: "startingPage"
    BusyIndicator {
        anchors.centerIn: parent
        running: true
    }
}
