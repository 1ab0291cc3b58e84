import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tongqian

// The confirmation after a scan: in large words what will be done, for which
// platform, with what; the certificate, the PIN, progress and the result.
FormPage {
    id: page
    required property ScanFlowViewModel vm
    objectName: "scanConfirmPage"
    title: vm.state === ScanFlowViewModel.Opening ? qsTr("Checking the QR code…") : qsTr("Confirm the request")

    BusyIndicator {
        Layout.alignment: Qt.AlignHCenter
        running: page.vm.state === ScanFlowViewModel.Opening
        visible: running
    }
    Label {
        objectName: "scanAction"
        visible: text.length > 0
        text: page.vm.actionTitle
        font.pixelSize: Theme.titleFont * 2
        font.bold: true
        color: Theme.accent
    }
    Label {
        objectName: "scanPlatform"
        visible: page.vm.platformCode.length > 0
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        font.pixelSize: Theme.titleFont
        text: qsTr("%1 (platform code %2)").arg(page.vm.platformName).arg(page.vm.platformCode)
    }
    Label {
        objectName: "scanSummary"
        visible: text.length > 0
        Layout.fillWidth: true
        wrapMode: Text.WordWrap
        text: page.vm.actionSummary
    }
    // Up to 100 items can be asked for; they scroll in their own box so the PIN and the
    // buttons stay in reach.
    ListView {
        objectName: "scanItems"
        visible: count > 0
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, 150)
        clip: true
        spacing: 6
        model: page.vm.items
        ScrollBar.vertical: ScrollBar {}
        delegate: Pane {
            required property var modelData
            width: ListView.view.width
            padding: 8
            background: Rectangle { radius: 6; color: Theme.cardBackground; border.color: Theme.cardBorder }
            ColumnLayout {
                width: parent.width
                Label { text: modelData.title; font.bold: true; Layout.fillWidth: true; wrapMode: Text.WordWrap }
                Label {
                    text: modelData.detail
                    Layout.fillWidth: true
                    wrapMode: Text.WrapAnywhere
                    maximumLineCount: 3
                    elide: Text.ElideRight
                    color: Theme.mutedText
                    font.family: "monospace"
                }
            }
        }
    }
    Label {
        visible: page.vm.expiresText.length > 0 && page.vm.state === ScanFlowViewModel.Confirm
        text: page.vm.expiresText
        color: Theme.mutedText
    }
    ComboBox {
        objectName: "scanCertificate"
        visible: page.vm.state === ScanFlowViewModel.Confirm && page.vm.certificates.length > 0
        Layout.fillWidth: true
        model: page.vm.certificates
        textRole: "label"
        currentIndex: page.vm.certificateIndex
        onActivated: index => page.vm.certificateIndex = index
    }
    RowLayout {
        objectName: "scanRememberedPin"
        visible: page.vm.state === ScanFlowViewModel.Confirm && page.vm.pinRemembered
        Layout.fillWidth: true
        Label {
            objectName: "scanRememberedPinText"
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: page.vm.rememberedPinText
        }
        Button {
            objectName: "scanForgetPin"
            flat: true
            text: qsTr("Forget it")
            onClicked: page.vm.forgetRememberedPin()
        }
    }
    PinField {
        objectName: "scanPin"
        visible: page.vm.state === ScanFlowViewModel.Confirm && page.vm.certificates.length > 0
        form: page.vm
        enabled: !page.vm.busy
        label: page.vm.pinRemembered ? qsTr("Certificate PIN (not needed while remembered)") : qsTr("Certificate PIN")
        error: page.vm.pinError
        onEdited: text => page.vm.setPin(text)
        onAccepted: page.vm.submit()
    }
    ProgressBar {
        objectName: "scanProgress"
        visible: page.vm.state === ScanFlowViewModel.Working
        Layout.fillWidth: true
        from: 0
        to: page.vm.progressSteps
        value: page.vm.progressStep
    }
    Label {
        visible: page.vm.state === ScanFlowViewModel.Working
        text: page.vm.progressText
    }
    MessageBanner {
        objectName: "scanResult"
        isError: false
        text: page.vm.state === ScanFlowViewModel.Done ? page.vm.resultText : ""
    }
    MessageBanner {
        objectName: "scanFlowError"
        text: page.vm.errorMessage
    }
    Button {
        objectName: "scanUnlock"
        visible: page.vm.lockedPairId.length > 0
        Layout.fillWidth: true
        text: qsTr("Unlock this certificate with real-name verification")
        onClicked: App.router.go(Router.CertificateDetail, page.vm.lockedPairId)
    }
    Button {
        objectName: "scanApprove"
        visible: page.vm.state === ScanFlowViewModel.Confirm || page.vm.state === ScanFlowViewModel.Working
        Layout.fillWidth: true
        highlighted: true
        enabled: page.vm.canSubmit
        text: page.vm.busy ? qsTr("Working…") : qsTr("Confirm: %1").arg(page.vm.actionTitle)
        onClicked: page.vm.submit()
    }
    Button {
        objectName: "scanReject"
        visible: page.vm.state === ScanFlowViewModel.Confirm
        Layout.fillWidth: true
        flat: true
        enabled: !page.vm.busy
        text: qsTr("This wasn't me")
        onClicked: page.vm.rejectRequest()
    }
    Button {
        objectName: "scanAgain"
        visible: page.vm.state === ScanFlowViewModel.Done || page.vm.state === ScanFlowViewModel.Failed
        Layout.fillWidth: true
        highlighted: true
        text: qsTr("Scan another code")
        onClicked: page.vm.reset()
    }
}
