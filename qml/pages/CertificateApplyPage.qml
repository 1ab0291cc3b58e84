import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// Apply for a certificate pair: algorithm, where the keys are kept (SM2 only), validity, the
// fresh proof that it is you (name and ID number again, or an existing certificate and an SMS
// code) and the certificate PIN twice, then the five steps of the application with their progress.
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
    Label {
        text: qsTr("Confirm it is you")
        font.bold: true
    }
    Label {
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        color: Theme.mutedText
        font.pixelSize: Theme.smallFont
        text: qsTr("Every application proves again that you are the one applying, so someone who only has your login cannot get a certificate in your name.")
    }
    ComboBox {
        objectName: "applyProofMethod"
        Layout.fillWidth: true
        visible: page.vm.proofMethods.length > 1
        enabled: !page.vm.busy
        model: page.vm.proofMethods
        currentIndex: page.vm.proofMethod
        onActivated: index => page.vm.proofMethod = index
        Accessible.name: qsTr("How to confirm it is you")
    }
    FormField {
        objectName: "applyName"
        visible: page.vm.proofMethod === 0
        label: qsTr("Full name")
        placeholderText: qsTr("As on your resident ID card")
        enabled: !page.vm.busy
        text: page.vm.name
        error: page.vm.nameError
        onEdited: text => page.vm.name = text
    }
    FormField {
        objectName: "applyIdNumber"
        visible: page.vm.proofMethod === 0
        label: qsTr("ID number")
        placeholderText: qsTr("18 characters")
        maximumLength: 18
        validator: IdNumberValidator {}
        enabled: !page.vm.busy
        text: page.vm.idNumber
        error: page.vm.idNumberError
        onEdited: text => page.vm.idNumber = text
    }
    ComboBox {
        objectName: "applyProofCertificate"
        Layout.fillWidth: true
        visible: page.vm.proofMethod === 1
        enabled: !page.vm.busy
        model: page.vm.proofCertificates
        currentIndex: page.vm.proofCertificateIndex
        onActivated: index => page.vm.proofCertificateIndex = index
        Accessible.name: qsTr("Existing certificate")
    }
    RowLayout {
        Layout.fillWidth: true
        visible: page.vm.proofMethod === 1
        FormField {
            objectName: "applySmsCode"
            label: qsTr("Verification code")
            placeholderText: qsTr("6-digit code")
            inputMethodHints: Qt.ImhDigitsOnly
            maximumLength: 6
            validator: SmsCodeValidator {}
            enabled: !page.vm.busy
            text: page.vm.smsCode
            error: page.vm.smsCodeError
            onEdited: text => page.vm.smsCode = text
        }
        Button {
            objectName: "applySendCode"
            enabled: !page.vm.busy
            text: page.vm.codeRequested ? qsTr("Send a new code") : qsTr("Send code")
            onClicked: page.vm.requestCode()
        }
    }
    MessageBanner {
        objectName: "applyNotice"
        isError: false
        text: page.vm.notice
    }
    Label {
        objectName: "applyExistingPinNote"
        Layout.fillWidth: true
        visible: page.vm.proofMethod === 1
        wrapMode: Text.WordWrap
        text: qsTr("Enter the PIN of the existing certificate: it signs for you, and the new certificate gets the same PIN.")
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
