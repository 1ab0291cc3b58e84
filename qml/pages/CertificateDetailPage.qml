import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Tongqian

// One certificate pair (SPEC E5, E9–E11, E13): where its keys are kept and, for two-party keys,
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
                    onClicked: App.showCertificates()
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
                onClicked: {
                    page.vm.changePin.reset()
                    changePinDialog.open()
                }
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

    Dialog {
        id: exportDialog
        objectName: "exportDialog"
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 520)
        modal: true
        title: qsTr("Export certificate")

        Connections {
            target: page.vm
            function onSucceeded() { exportDialog.close() }
        }

        ColumnLayout {
            width: parent.width
            spacing: 10
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                text: qsTr("A certificate file holds only public information; platforms may ask you to upload it.")
            }
            Label {
                text: qsTr("Certificate to export")
                font.bold: true
            }
            ComboBox {
                objectName: "exportWhich"
                Layout.fillWidth: true
                model: page.vm.exportChoices
                currentIndex: page.vm.exportIndex
                onActivated: index => page.vm.exportIndex = index
                Accessible.name: qsTr("Certificate to export")
            }
            Label {
                text: qsTr("File format")
                font.bold: true
            }
            ComboBox {
                objectName: "exportFormat"
                Layout.fillWidth: true
                model: page.vm.exportFormats
                currentIndex: page.vm.exportFormatIndex
                onActivated: index => page.vm.exportFormatIndex = index
                Accessible.name: qsTr("File format")
            }
            FormField {
                objectName: "exportPath"
                label: qsTr("Save to")
                text: page.vm.exportPath
                onEdited: text => page.vm.exportPath = text
                onAccepted: page.vm.submit()
            }
            MessageBanner {
                objectName: "exportError"
                text: page.vm.errorMessage
            }
        }
        footer: DialogButtonBox {
            Button {
                objectName: "exportCancel"
                flat: true
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "exportSubmit"
                flat: true
                enabled: !page.vm.busy
                text: qsTr("Export")
                onClicked: page.vm.submit()
            }
        }
    }

    Dialog {
        id: revokeDialog
        objectName: "revokeDialog"
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 440)
        modal: true
        title: qsTr("Revoke this certificate?")
        standardButtons: Dialog.Ok | Dialog.Cancel
        onAccepted: page.vm.revoke()
        ColumnLayout {
            width: parent.width
            spacing: 10
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("Both the signing and the encryption certificate will be revoked for good and published as revoked. You cannot log in or sign with them any more; apply for a new certificate if you need one.")
            }
            Label {
                text: qsTr("Reason")
                font.bold: true
            }
            ComboBox {
                objectName: "revokeReason"
                Layout.fillWidth: true
                model: page.vm.revokeReasons
                currentIndex: page.vm.revokeReasonIndex
                onActivated: index => page.vm.revokeReasonIndex = index
                Accessible.name: qsTr("Reason")
            }
        }
    }

    Dialog {
        id: changePinDialog
        objectName: "changePinDialog"
        readonly property ChangePinViewModel form: page.vm.changePin
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 440)
        modal: true
        closePolicy: changePinDialog.form.busy ? Popup.NoAutoClose : Popup.CloseOnEscape
        title: qsTr("Change certificate PIN")
        onClosed: changePinDialog.form.reset()

        Connections {
            target: changePinDialog.form
            function onSucceeded() { changePinDialog.close() }
        }

        ColumnLayout {
            width: parent.width
            spacing: 10
            PinField {
                objectName: "changePinOld"
                form: changePinDialog.form
                label: qsTr("Current PIN")
                error: changePinDialog.form.oldPinError
                onEdited: text => changePinDialog.form.setOldPin(text)
            }
            PinField {
                objectName: "changePinNew"
                form: changePinDialog.form
                label: qsTr("New PIN")
                error: changePinDialog.form.newPinError
                onEdited: text => changePinDialog.form.setNewPin(text)
            }
            PinField {
                objectName: "changePinConfirm"
                form: changePinDialog.form
                label: qsTr("Repeat new PIN")
                error: changePinDialog.form.confirmError
                onEdited: text => changePinDialog.form.setConfirmPin(text)
                onAccepted: changePinDialog.form.submit()
            }
            MessageBanner {
                objectName: "changePinError"
                text: changePinDialog.form.errorMessage
            }
            Button {
                objectName: "changePinUnlock"
                visible: page.vm.pinLocked
                Layout.fillWidth: true
                highlighted: true
                text: qsTr("Unlock with real-name verification")
                onClicked: {
                    changePinDialog.close()
                    unlockDialog.open()
                }
            }
        }
        footer: DialogButtonBox {
            Button {
                objectName: "changePinCancel"
                flat: true
                enabled: !changePinDialog.form.busy
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "changePinSubmit"
                flat: true
                enabled: !changePinDialog.form.busy
                text: changePinDialog.form.busy ? qsTr("Changing…") : qsTr("Change PIN")
                onClicked: changePinDialog.form.submit()
            }
        }
    }

    Dialog {
        id: unlockDialog
        objectName: "unlockDialog"
        readonly property UnlockPinViewModel form: page.vm.unlockPin
        anchors.centerIn: parent
        width: Math.min(page.width - 32, 480)
        modal: true
        closePolicy: unlockDialog.form.busy ? Popup.NoAutoClose : Popup.CloseOnEscape
        title: qsTr("Unlock with real-name verification")
        onClosed: unlockDialog.form.reset()

        Connections {
            target: unlockDialog.form
            function onSucceeded() { unlockDialog.close() }
        }

        ColumnLayout {
            width: parent.width
            spacing: 10
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                text: qsTr("Confirm that you are the person this account was verified as, then set a new PIN. The old PIN stops working.")
            }
            FormField {
                objectName: "unlockName"
                label: qsTr("Full name")
                placeholderText: qsTr("As on your resident ID card")
                enabled: !unlockDialog.form.busy
                text: unlockDialog.form.name
                error: unlockDialog.form.nameError
                onEdited: text => unlockDialog.form.name = text
            }
            FormField {
                objectName: "unlockIdNumber"
                label: qsTr("ID number")
                placeholderText: qsTr("18 characters")
                maximumLength: 18
                validator: IdNumberValidator {}
                enabled: !unlockDialog.form.busy
                text: unlockDialog.form.idNumber
                error: unlockDialog.form.idNumberError
                onEdited: text => unlockDialog.form.idNumber = text
            }
            PinField {
                objectName: "unlockPin"
                form: unlockDialog.form
                enabled: !unlockDialog.form.busy
                label: qsTr("New PIN")
                error: unlockDialog.form.newPinError
                onEdited: text => unlockDialog.form.setNewPin(text)
            }
            PinField {
                objectName: "unlockConfirm"
                form: unlockDialog.form
                enabled: !unlockDialog.form.busy
                label: qsTr("Repeat new PIN")
                error: unlockDialog.form.confirmError
                onEdited: text => unlockDialog.form.setConfirmPin(text)
                onAccepted: unlockDialog.form.submit()
            }
            BusyIndicator {
                objectName: "unlockBusy"
                Layout.alignment: Qt.AlignHCenter
                visible: unlockDialog.form.busy
                running: visible
            }
            MessageBanner {
                objectName: "unlockError"
                text: unlockDialog.form.errorMessage
            }
        }
        footer: DialogButtonBox {
            Button {
                objectName: "unlockCancel"
                flat: true
                enabled: !unlockDialog.form.busy
                text: qsTr("Cancel")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "unlockSubmit"
                flat: true
                enabled: !unlockDialog.form.busy
                text: unlockDialog.form.busy ? qsTr("Unlocking…") : qsTr("Unlock")
                onClicked: unlockDialog.form.submit()
            }
        }
    }
}
