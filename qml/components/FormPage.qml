import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// A centred, scrollable column for the account forms, with the app name above the title.
Page {
    id: root
    default property alias content: column.data
    padding: 0

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            id: column
            width: Math.min(root.width - 48, Theme.formWidth)
            x: (root.width - width) / 2
            spacing: 14

            Item { Layout.preferredHeight: 24 }
            Label {
                text: qsTr("Tongqian")
                color: Theme.accent
                font.pixelSize: Theme.titleFont + 4
                font.bold: true
            }
            Label {
                text: root.title
                font.pixelSize: Theme.titleFont
            }
        }
    }
}
