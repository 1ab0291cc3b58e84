import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import QtMultimedia
import Tongqian

// The scanner: live camera preview with a viewfinder, torch, and the fallbacks of
// an image file or (desktop) the screen. What a code means is decided by whoever handles scanned().
Page {
    id: page
    objectName: "scanPage"
    title: qsTr("Scan")
    signal scanned(string text)
    signal closed()
    property alias scanner: scanner

    ScannerViewModel {
        id: scanner
        videoOutput: preview
        active: page.visible && Qt.application.state === Qt.ApplicationActive
        onDecoded: text => page.scanned(text)
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            ToolButton {
                objectName: "scanClose"
                text: qsTr("Back")
                onClicked: page.closed()
            }
            Label {
                Layout.fillWidth: true
                text: page.title
                font.bold: true
                elide: Text.ElideRight
            }
            ToolButton {
                objectName: "scanTorch"
                visible: scanner.torchAvailable
                checkable: true
                checked: scanner.torchOn
                text: qsTr("Torch")
                onToggled: scanner.torchOn = checked
            }
        }
    }

    Rectangle {
        anchors.fill: parent
        color: "black"

        VideoOutput {
            id: preview
            objectName: "scanPreview"
            anchors.fill: parent
            fillMode: VideoOutput.PreserveAspectCrop
        }

        // The viewfinder: a square the user aims the code into.
        Rectangle {
            id: finder
            anchors.centerIn: parent
            width: Math.min(parent.width, parent.height) * 0.6
            height: width
            color: "transparent"
            border.color: Theme.accent
            border.width: 3
            radius: 12
        }

        Label {
            objectName: "scanHint"
            anchors.top: finder.bottom
            anchors.topMargin: 16
            anchors.horizontalCenter: parent.horizontalCenter
            width: Math.min(parent.width - 32, 480)
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            color: "white"
            text: scanner.cameraProblem.length > 0 ? scanner.cameraProblem
                                                     : qsTr("Aim at the QR code the trading platform shows.")
        }

        ColumnLayout {
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: 16
            spacing: 8

            MessageBanner {
                objectName: "scanError"
                text: scanner.error
            }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                running: scanner.busy
                visible: running
            }
            RowLayout {
                Layout.alignment: Qt.AlignHCenter
                spacing: 12
                Button {
                    objectName: "scanImageButton"
                    enabled: !scanner.busy
                    text: qsTr("Scan an image file")
                    onClicked: imageDialog.open()
                }
                Button {
                    objectName: "scanScreenButton"
                    visible: scanner.screenCaptureAvailable
                    enabled: !scanner.busy
                    text: qsTr("Scan the screen")
                    onClicked: scanner.scanScreen()
                }
            }
        }
    }

    FileDialog {
        id: imageDialog
        title: qsTr("Choose a picture of a QR code")
        nameFilters: [qsTr("Pictures (*.png *.jpg *.jpeg *.bmp *.webp)")]
        onAccepted: scanner.scanImageFile(selectedFile)
    }
}
