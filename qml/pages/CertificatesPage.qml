import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Certificates area: the valid and invalid lists; a pair opens its detail page.
Page {
    id: listPage
    required property CertificateListModel vm
    objectName: "certificatesPage"
    title: qsTr("Certificates")

    ColumnLayout {
        id: column
        width: Math.min(listPage.width - 48, Theme.contentWidth)
        x: (listPage.width - width) / 2
        anchors.top: parent.top
        anchors.bottom: parent.bottom
        anchors.topMargin: 24
        anchors.bottomMargin: 16
        spacing: 12

        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            Label {
                Layout.fillWidth: true
                text: qsTr("Certificates")
                font.pixelSize: Theme.titleFont
                elide: Text.ElideRight
            }
            Button {
                objectName: "certificatesRefresh"
                flat: true
                enabled: !listPage.vm.busy
                text: listPage.vm.busy ? qsTr("Refreshing…") : qsTr("Refresh")
                onClicked: listPage.vm.refresh()
            }
            Button {
                objectName: "certificatesApply"
                highlighted: true
                text: qsTr("Apply for a certificate")
                onClicked: App.router.go(Router.CertificateApply)
            }
        }
        TabBar {
            objectName: "certificateTabs"
            Layout.fillWidth: true
            currentIndex: listPage.vm.filter
            TabButton {
                objectName: "certificatesValidTab"
                text: qsTr("Valid (%1)").arg(listPage.vm.validCount)
                onClicked: listPage.vm.filter = CertificateListModel.Valid
            }
            TabButton {
                objectName: "certificatesInvalidTab"
                text: qsTr("Invalid (%1)").arg(listPage.vm.invalidCount)
                onClicked: listPage.vm.filter = CertificateListModel.Invalid
            }
        }
        MessageBanner {
            objectName: "certificatesNotice"
            isError: false
            text: listPage.vm.notice
        }
        MessageBanner {
            objectName: "certificatesError"
            text: listPage.vm.errorMessage
        }

        ColumnLayout {
            objectName: "certificatesEmpty"
            visible: listPage.vm.count === 0
            Layout.fillWidth: true
            Layout.topMargin: 32
            spacing: 12
            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                font.pixelSize: Theme.titleFont - 6
                text: listPage.vm.filter === CertificateListModel.Valid
                      ? qsTr("No valid certificate on this device")
                      : qsTr("No expired or revoked certificate")
            }
            Label {
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                text: listPage.vm.filter === CertificateListModel.Valid
                      ? qsTr("A certificate lets you log in to and sign on e-bidding platforms by scanning their QR codes. Its keys are made and kept on this device.")
                      : qsTr("Certificates that expire or are revoked are listed here.")
            }
            Button {
                objectName: "certificatesEmptyApply"
                visible: listPage.vm.filter === CertificateListModel.Valid
                Layout.alignment: Qt.AlignHCenter
                highlighted: true
                text: qsTr("Apply for a certificate")
                onClicked: App.router.go(Router.CertificateApply)
            }
        }

        ListView {
            id: list
            objectName: "certificateList"
            visible: listPage.vm.count > 0
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 8
            model: listPage.vm
            keyNavigationEnabled: true
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property int index
                required property string pairId
                required property string usageText
                required property string commonName
                required property string serial
                required property string validity
                required property string status
                required property string statusText
                objectName: "certificateRow" + index
                width: ListView.view.width
                padding: 14
                focusPolicy: Qt.StrongFocus
                Accessible.name: usageText + " " + commonName + " " + statusText
                onClicked: App.router.go(Router.CertificateDetail, pairId)
                Keys.onReturnPressed: App.router.go(Router.CertificateDetail, pairId)
                background: Rectangle {
                    radius: 8
                    color: row.down || row.hovered ? Theme.mutedBackground : Theme.cardBackground
                    border.color: row.visualFocus ? Theme.accent : Theme.cardBorder
                }
                contentItem: ColumnLayout {
                    spacing: 4
                    RowLayout {
                        Layout.fillWidth: true
                        Label {
                            objectName: row.objectName + "Usage"
                            text: row.usageText
                            font.bold: true
                        }
                        Label {
                            objectName: row.objectName + "Name"
                            Layout.fillWidth: true
                            text: row.commonName
                            elide: Text.ElideRight
                        }
                        StatusChip {
                            objectName: row.objectName + "Status"
                            status: row.status
                            text: row.statusText
                        }
                    }
                    Label {
                        objectName: row.objectName + "Serial"
                        Layout.fillWidth: true
                        text: qsTr("Serial number %1").arg(row.serial)
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallFont
                        elide: Text.ElideMiddle
                    }
                    Label {
                        Layout.fillWidth: true
                        text: qsTr("Valid %1").arg(row.validity)
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallFont
                        elide: Text.ElideRight
                    }
                }
            }
        }
        Item {
            visible: !list.visible
            Layout.fillHeight: true
        }
    }
}
