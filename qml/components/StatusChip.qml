import QtQuick
import QtQuick.Controls
import Tongqian

// A small coloured label for a certificate status ("valid", "expired", "revoked").
Rectangle {
    id: root
    property string status: ""
    property alias text: label.text
    implicitWidth: label.implicitWidth + 16
    implicitHeight: label.implicitHeight + 6
    radius: height / 2
    color: status === "valid" ? Theme.okBackground
         : status === "revoked" ? Theme.errorBackground : Theme.mutedBackground
    Label {
        id: label
        objectName: root.objectName + "Text"
        anchors.centerIn: parent
        font.pixelSize: Theme.smallFont
        font.bold: true
        color: root.status === "valid" ? Theme.okColor
             : root.status === "revoked" ? Theme.errorColor : Theme.mutedText
    }
}
