import QtQuick
import QtQuick.Controls

ApplicationWindow {
    visible: true
    title: qsTr("Tongqian")
}
