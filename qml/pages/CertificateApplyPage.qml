import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Apply for a certificate pair: algorithm, where the keys are kept (SM2 only),
// validity and the certificate PIN twice, then the five steps of the application with their progress.
FormPage {
    id: page
    required property CertificateApplyViewModel vm
    objectName: "certificateApplyPage"
    title: qsTr("Apply for a certificate")

    Label {
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        color: Theme.mutedText
        text: qsTr("You receive a signing certificate and, for SM2, an encryption certificate, both protected by the certificate PIN you set here. Their private keys are kept where you choose below and are never sent anywhere whole.")
    }
    Pane {
        objectName: "applyIdentityRequired"
        visible: !page.vm.identityVerified
        Layout.fillWidth: true
        padding: 14
        background: Rectangle { radius: 8; color: Theme.noticeBackground }
        RowLayout {
            width: parent.width
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                text: qsTr("A certificate is issued in your real name. Verify your real name first.")
            }
            Button {
                objectName: "applyVerifyNow"
                highlighted: true
                text: qsTr("Verify now")
                onClicked: App.router.go(Router.IdentityVerification)
            }
        }
    }
    Label {
        text: qsTr("Key algorithm")
        font.bold: true
    }
    ComboBox {
        objectName: "applyAlgorithm"
        Layout.fillWidth: true
        enabled: !page.vm.busy
        model: page.vm.algorithms
        currentIndex: page.vm.algorithmIndex
        onActivated: index => page.vm.algorithmIndex = index
        Accessible.name: qsTr("Key algorithm")
    }
    Label {
        text: qsTr("Where the keys are kept")
        font.bold: true
    }
    ButtonGroup { id: custodyGroup }
    Repeater {
        model: page.vm.custodyChoices
        delegate: ColumnLayout {
            id: custodyChoice
            required property var modelData
            required property int index
            Layout.fillWidth: true
            spacing: 0
            RadioButton {
                objectName: "applyCustody" + custodyChoice.index
                Layout.fillWidth: true
                ButtonGroup.group: custodyGroup
                enabled: !page.vm.busy && page.vm.custodyChoosable
                checked: page.vm.custodyIndex === custodyChoice.index
                text: custodyChoice.modelData.title
                onClicked: page.vm.custodyIndex = custodyChoice.index
                Accessible.description: custodyChoice.modelData.description
            }
            Label {
                Layout.fillWidth: true
                Layout.leftMargin: 40
                wrapMode: Text.WordWrap
                color: Theme.mutedText
                font.pixelSize: Theme.smallFont
                text: custodyChoice.modelData.description
            }
        }
    }
    Label {
        objectName: "applyCustodyNote"
        Layout.fillWidth: true
        visible: text.length > 0
        wrapMode: Text.WordWrap
        text: page.vm.custodyNote
    }
    Label {
        text: qsTr("Validity")
        font.bold: true
    }
    ComboBox {
        objectName: "applyValidity"
        Layout.fillWidth: true
        enabled: !page.vm.busy
        model: page.vm.validityOptions
        currentIndex: page.vm.validityIndex
        onActivated: index => page.vm.validityIndex = index
        Accessible.name: qsTr("Validity")
    }
    PinField {
        objectName: "applyPin"
        form: page.vm
        enabled: !page.vm.busy
        label: qsTr("Certificate PIN")
        error: page.vm.pinError
        onEdited: text => page.vm.setPin(text)
    }
    PinField {
        objectName: "applyConfirm"
        form: page.vm
        enabled: !page.vm.busy
        label: qsTr("Repeat certificate PIN")
        error: page.vm.confirmError
        onEdited: text => page.vm.setConfirmPin(text)
        onAccepted: page.vm.submit()
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        color: Theme.mutedText
        font.pixelSize: Theme.smallFont
        text: qsTr("Remember this PIN: you need it to log in and sign with the certificate. Nobody, including Tongqian, can recover it.")
    }
    ColumnLayout {
        objectName: "applyProgress"
        visible: page.vm.busy
        Layout.fillWidth: true
        spacing: 6
        ProgressBar {
            objectName: "applyProgressBar"
            Layout.fillWidth: true
            from: 0
            to: page.vm.progressSteps
            value: page.vm.progressStep
        }
        Label {
            objectName: "applyProgressText"
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: qsTr("Step %1 of %2: %3").arg(page.vm.progressStep).arg(page.vm.progressSteps).arg(page.vm.progressText)
        }
    }
    MessageBanner {
        objectName: "applyError"
        text: page.vm.errorMessage
    }
    Button {
        objectName: "applySubmit"
        Layout.fillWidth: true
        highlighted: true
        enabled: !page.vm.busy && page.vm.identityVerified
        text: page.vm.busy ? qsTr("Applying…") : qsTr("Apply")
        onClicked: page.vm.submit()
    }
    Button {
        objectName: "applyCancel"
        flat: true
        enabled: !page.vm.busy
        text: qsTr("Back to certificates")
        onClicked: App.router.go(Router.Certificates)
    }
    Item { Layout.preferredHeight: 16 }
}
