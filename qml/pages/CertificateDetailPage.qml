import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tongqian

// One certificate pair: where its keys are kept and, for two-party keys,
// the PIN attempts left; both certificates side by side on wide windows, stacked on narrow ones;
// the actions (export, change PIN, unlock, revoke) stay in view below them.
Page {
    id: page
    required property CertificateDetailViewModel vm
    objectName: "certificateDetailPage"
    title: qsTr("Certificate details")
    readonly property bool wide: width >= Theme.wideBreakpoint

    header: Rectangle {
        color: Theme.sidebar
        implicitHeight: headerColumn.implicitHeight + 24
        ColumnLayout {
            id: headerColumn
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 12
            spacing: 8
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Button {
                    objectName: "detailBack"
                    flat: true
                    text: qsTr("‹ Certificates")
                    onClicked: App.router.go(Router.Certificates)
                }
                Label {
                    objectName: "detailTitle"
                    Layout.fillWidth: true
                    text: page.vm.title
                    font.pixelSize: Theme.titleFont
                    elide: Text.ElideRight
                }
                StatusChip {
                    objectName: "detailStatus"
                    // Shown and hidden through opacity: a chip made visible later was not laid out.
                    opacity: page.vm.status.length > 0 ? 1 : 0
                    status: page.vm.status
                    text: page.vm.statusText
                }
            }
            Flow {
                Layout.fillWidth: true
                spacing: 12
                Label {
                    objectName: "detailCustody"
                    width: Math.min(implicitWidth, parent.width)
                    wrapMode: Text.WordWrap
                    color: page.vm.twoParty ? Theme.textColor : Theme.mutedText
                    text: page.vm.custodyText
                }
                Label {
                    objectName: "detailPinStatus"
                    visible: text.length > 0
                    font.bold: true
                    color: page.vm.pinLocked ? Theme.errorColor : Theme.textColor
                    text: page.vm.pinStatusText
                }
            }
            MessageBanner {
                objectName: "detailNotice"
                isError: false
                text: page.vm.notice
            }
            MessageBanner {
                objectName: "detailError"
                text: page.vm.errorMessage
            }
        }
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth

        GridLayout {
            width: Math.min(scroll.availableWidth - 32, Theme.contentWidth)
            x: (scroll.availableWidth - width) / 2
            y: 16
            columns: page.wide ? 2 : 1
            columnSpacing: 14
            rowSpacing: 14
            Repeater {
                model: page.vm.certificates
                delegate: CertificateCard {
                    required property var modelData
                    required property int index
                    objectName: "detailCertificate" + index
                    facts: modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1 // equal columns whatever the content
                    Layout.alignment: Qt.AlignTop
                }
            }
            Item { Layout.preferredHeight: 16 }
        }
    }

    footer: Rectangle {
        color: Theme.cardBackground
        implicitHeight: actions.implicitHeight + 24
        Rectangle { width: parent.width; height: 1; color: Theme.cardBorder }
        Flow {
            id: actions
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.top: parent.top
            anchors.margins: 12
            spacing: 8
            layoutDirection: Qt.RightToLeft
            Button {
                objectName: "revokeButton"
                enabled: page.vm.canRevoke
                text: page.vm.busy ? qsTr("Please wait…") : qsTr("Revoke certificate")
                Material.foreground: Theme.errorColor
                onClicked: revokeDialog.open()
            }
            Button {
                objectName: "unlockButton"
                visible: page.vm.twoParty
                enabled: page.vm.canUnlock
                highlighted: page.vm.pinLocked
                text: qsTr("Unlock with real-name verification")
                onClicked: unlockDialog.open()
            }
            Button {
                objectName: "changePinButton"
                enabled: page.vm.canChangePin
                text: qsTr("Change certificate PIN")
                onClicked: changePinDialog.open()
            }
            Button {
                objectName: "exportButton"
                highlighted: true
                enabled: !page.vm.busy && page.vm.certificates.length > 0
                text: qsTr("Export certificate")
                onClicked: exportDialog.open()
            }
        }
    }

    ExportCertificateDialog {
        id: exportDialog
        vm: page.vm
    }
    RevokeCertificateDialog {
        id: revokeDialog
        vm: page.vm
    }
    ChangePinDialog {
        id: changePinDialog
        form: page.vm.changePin
        pinLocked: page.vm.pinLocked
        onUnlockRequested: unlockDialog.open()
    }
    UnlockPinDialog {
        id: unlockDialog
        form: page.vm.unlockPin
    }
}
