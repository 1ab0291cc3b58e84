import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// The certificate PIN change form `form`: current PIN, new PIN twice. Closes itself when the
// change succeeded; while the keys are locked it offers the unlock instead (unlockRequested).
Dialog {
    id: dialog
    required property ChangePinViewModel form
    /// Whether the keys are locked after too many wrong PINs.
    property bool pinLocked: false
    signal unlockRequested()
    objectName: "changePinDialog"
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 32 : 440, 440)
    modal: true
    closePolicy: dialog.form.busy ? Popup.NoAutoClose : Popup.CloseOnEscape
    title: qsTr("Change certificate PIN")
    onAboutToShow: dialog.form.reset()
    onClosed: dialog.form.reset()

    Connections {
        target: dialog.form
        function onSucceeded() { dialog.close() }
    }

    ColumnLayout {
        width: parent.width
        spacing: 10
        PinField {
            objectName: "changePinOld"
            form: dialog.form
            label: qsTr("Current PIN")
            error: dialog.form.oldPinError
            onEdited: text => dialog.form.setOldPin(text)
        }
        PinField {
            objectName: "changePinNew"
            form: dialog.form
            label: qsTr("New PIN")
            error: dialog.form.newPinError
            onEdited: text => dialog.form.setNewPin(text)
        }
        PinField {
            objectName: "changePinConfirm"
            form: dialog.form
            label: qsTr("Repeat new PIN")
            error: dialog.form.confirmError
            onEdited: text => dialog.form.setConfirmPin(text)
            onAccepted: dialog.form.submit()
        }
        MessageBanner {
            objectName: "changePinError"
            text: dialog.form.errorMessage
        }
        Button {
            objectName: "changePinUnlock"
            visible: dialog.pinLocked
            Layout.fillWidth: true
            highlighted: true
            text: qsTr("Unlock with real-name verification")
            onClicked: {
                dialog.close()
                dialog.unlockRequested()
            }
        }
    }
    footer: DialogButtonBox {
        Button {
            objectName: "changePinCancel"
            flat: true
            enabled: !dialog.form.busy
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
        Button {
            objectName: "changePinSubmit"
            flat: true
            enabled: !dialog.form.busy
            text: dialog.form.busy ? qsTr("Changing…") : qsTr("Change PIN")
            onClicked: dialog.form.submit()
        }
    }
}
