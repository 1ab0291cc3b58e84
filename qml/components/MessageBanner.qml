import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// A form-level message: an error (red) or a notice (neutral). Hidden when empty.
Pane {
    id: root
    property string text: ""
    property bool isError: true
    visible: text.length > 0
    Layout.fillWidth: true
    padding: 10
    background: Rectangle {
        radius: 6
        color: root.isError ? Theme.errorBackground : Theme.noticeBackground
    }
    Label {
        objectName: root.objectName + "Text"
        width: parent.width
        text: root.text
        wrapMode: Text.WordWrap
        color: root.isError ? Theme.errorColor : Theme.textColor
    }
}
