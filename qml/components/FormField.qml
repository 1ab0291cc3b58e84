import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// A labelled text field with its inline error below it.
ColumnLayout {
    id: root
    property alias label: caption.text
    property alias text: field.text
    property alias placeholderText: field.placeholderText
    property alias echoMode: field.echoMode
    property alias validator: field.validator
    property alias inputMethodHints: field.inputMethodHints
    property alias maximumLength: field.maximumLength
    property alias field: field
    property string error: ""
    signal edited(string text)
    signal accepted()

    spacing: 4
    Layout.fillWidth: true

    Label {
        id: caption
        font.bold: true
    }
    TextField {
        id: field
        objectName: root.objectName + "Input"
        Layout.fillWidth: true
        selectByMouse: true
        onTextEdited: root.edited(text)
        onAccepted: root.accepted()
        Accessible.name: caption.text
    }
    Label {
        objectName: root.objectName + "Error"
        Layout.fillWidth: true
        visible: root.error.length > 0
        text: root.error
        color: Theme.errorColor
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.smallFont
    }
}
