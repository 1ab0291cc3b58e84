import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// The unlock form `form` of locked two-party keys: the account's verified person (name, ID
// number) and a new PIN twice. Closes itself when the keys are unlocked.
Dialog {
    id: dialog
    required property UnlockPinViewModel form
    objectName: "unlockDialog"
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 480, 480)
    modal: true
    closePolicy: dialog.form.busy ? Popup.NoAutoClose : Popup.CloseOnEscape
    title: qsTr("Unlock with real-name verification")
    onClosed: dialog.form.reset()

    Connections {
        target: dialog.form
        function onSucceeded() { dialog.close() }
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
            enabled: !dialog.form.busy
            text: dialog.form.name
            error: dialog.form.nameError
            onEdited: text => dialog.form.name = text
        }
        FormField {
            objectName: "unlockIdNumber"
            label: qsTr("ID number")
            placeholderText: qsTr("18 characters")
            maximumLength: 18
            validator: IdNumberValidator {}
            enabled: !dialog.form.busy
            text: dialog.form.idNumber
            error: dialog.form.idNumberError
            onEdited: text => dialog.form.idNumber = text
        }
        PinField {
            objectName: "unlockPin"
            form: dialog.form
            enabled: !dialog.form.busy
            label: qsTr("New PIN")
            error: dialog.form.newPinError
            onEdited: text => dialog.form.setNewPin(text)
        }
        PinField {
            objectName: "unlockConfirm"
            form: dialog.form
            enabled: !dialog.form.busy
            label: qsTr("Repeat new PIN")
            error: dialog.form.confirmError
            onEdited: text => dialog.form.setConfirmPin(text)
            onAccepted: dialog.form.submit()
        }
        BusyIndicator {
            objectName: "unlockBusy"
            Layout.alignment: Qt.AlignHCenter
            visible: dialog.form.busy
            running: visible
        }
        MessageBanner {
            objectName: "unlockError"
            text: dialog.form.errorMessage
        }
    }
    footer: DialogButtonBox {
        Button {
            objectName: "unlockCancel"
            flat: true
            enabled: !dialog.form.busy
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
        Button {
            objectName: "unlockSubmit"
            flat: true
            enabled: !dialog.form.busy
            text: dialog.form.busy ? qsTr("Unlocking…") : qsTr("Unlock")
            onClicked: dialog.form.submit()
        }
    }
}
