import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// Where the keys are kept, through the pages: a two-party pair shows its PIN
// attempts, locks after 6 wrong PINs and is unlocked only by the account's own person with a new
// PIN (a scan with the locked key leads there too); a pair kept only on this device is labelled
// weaker and has no counter.
AppTestCase {
    name: "TwoPartyPages"

    readonly property string pin: "123456"
    readonly property string unlockedPin: "135790"

    SignalSpy {
        id: pinStatusAnswers
        signalName: "changed"
    }

    function screenshot(name) {
        waitForRendering(win.contentItem)
        verify(testFiles.saveScreenshot(win, name), name)
    }

    function verifyIdentity() {
        App.router.go(Router.IdentityVerification)
        const identity = showing(Router.IdentityVerification)
        identity.name = "Zhang San"
        identity.idNumber = "11010519491231002X"
        identity.submit()
        tryCompare(App, "identityVerified", true, 5000)
    }

    // Applies through the page with the custody choice `custodyIndex`, opens the new pair and
    // returns the detail page's view model.
    function applyAndOpen(custodyIndex) {
        click("side_certificates")
        App.router.go(Router.CertificateApply)
        const apply = showing(Router.CertificateApply)
        compare(apply.custodyChoosable, true)
        click("applyCustody" + custodyIndex)
        compare(apply.custodyIndex, custodyIndex)
        verify(find("applyCustody" + custodyIndex).checked)
        compare(find("applyCustody" + (1 - custodyIndex)).checked, false)
        typeInto("applyNameInput", "Zhang San")
        typeInto("applyIdNumberInput", "11010519491231002X")
        typeInto("applyPinInput", pin)
        typeInto("applyConfirmInput", pin)
        click("applySubmit")
        const list = showing(Router.Certificates, 60000) // only a successful application goes there
        verify(list.notice.length > 0)
        click("certificateRow0") // newest first
        return showing(Router.CertificateDetail)
    }

    // Tries `oldPin` in the change-PIN dialog (new PIN 246810) and waits for the answer.
    function tryChangePin(oldPin) {
        const form = viewModel().changePin
        typeInto("changePinOldInput", oldPin)
        typeInto("changePinNewInput", "246810")
        typeInto("changePinConfirmInput", "246810")
        click("changePinSubmit")
        tryCompare(form, "busy", false, 20000)
    }

    function test_twoPartyLockAndUnlock() {
        registerAccount("13700000041")
        verifyIdentity()
        let detail = applyAndOpen(0)
        verify(detail.twoParty)
        verify(find("detailCustody").text.indexOf("Two-party") >= 0, find("detailCustody").text)
        tryCompare(detail, "pinAttemptsLeft", 6, 10000)
        verify(/^6 PIN attempt/.test(find("detailPinStatus").text), find("detailPinStatus").text) // English plurals come from the .qm
        verify(find("unlockButton").visible)

        // Six wrong PINs, each counted by the server, lock the keys.
        click("changePinButton")
        let pinDialog = find("changePinDialog")
        tryCompare(pinDialog, "opened", true)
        for (let i = 1; i <= 6; ++i) {
            tryChangePin("999999")
            verify(find("changePinErrorText").text.length > 0)
            verify(pinDialog.visible)
            if (i < 6) {
                tryCompare(detail, "pinAttemptsLeft", 6 - i, 10000)
                compare(detail.pinLocked, false)
            }
        }
        tryCompare(detail, "pinLocked", true, 10000)
        compare(find("detailPinStatus").text, "Locked after too many wrong PINs")
        screenshot("certificate-pin-locked.png")
        // Locked means locked: the right PIN is refused too.
        tryChangePin(pin)
        verify(pinDialog.visible)
        verify(find("changePinErrorText").text.indexOf("locked") >= 0, find("changePinErrorText").text)
        compare(detail.pinLocked, true)

        verify(find("changePinUnlock").visible) // the way out is offered right there
        click("changePinCancel")
        tryCompare(pinDialog, "visible", false)

        // A scan with the locked key fails and leads to this certificate's unlock.
        const pairId = detail.pairId
        const login = scanHelper.createTransaction("login")
        verify(login.qrContent)
        scan(login)
        typeInto("scanPinInput", pin)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Failed, 20000)
        verify(find("scanFlowErrorText").text.indexOf("locked") >= 0, find("scanFlowErrorText").text)
        compare(viewModel().lockedPairId, pairId)
        click("scanUnlock")
        detail = showing(Router.CertificateDetail) // a new page with its own view model and dialogs
        pinDialog = find("changePinDialog")
        compare(App.router.currentArea, Router.Certificates)
        compare(detail.pairId, pairId)
        tryCompare(detail, "pinLocked", true, 10000)

        // Someone else's identity does not unlock.
        click("unlockButton")
        const unlockDialog = find("unlockDialog")
        tryCompare(unlockDialog, "opened", true)
        typeInto("unlockNameInput", "Li Si")
        typeInto("unlockIdNumberInput", "110108198001011237")
        typeInto("unlockPinInput", unlockedPin)
        typeInto("unlockConfirmInput", "13579")
        verify(find("unlockConfirmError").visible)
        typeInto("unlockConfirmInput", unlockedPin)
        compare(find("unlockConfirmError").visible, false)
        screenshot("certificate-unlock.png")
        click("unlockSubmit")
        tryCompare(detail.unlockPin, "busy", false, 20000)
        verify(find("unlockErrorText").text.indexOf("not the person") >= 0, find("unlockErrorText").text)
        verify(unlockDialog.visible)
        pinStatusAnswers.target = detail
        pinStatusAnswers.clear()
        detail.refreshPinStatus()
        pinStatusAnswers.wait(10000) // the server's answer, not the value from before
        compare(detail.pinLocked, true)

        // The account's own person with a new PIN: unlocked, six attempts again.
        typeInto("unlockNameInput", "Zhang San")
        typeInto("unlockIdNumberInput", "11010519491231002X")
        click("unlockSubmit")
        tryCompare(unlockDialog, "visible", false, 20000)
        tryCompare(detail, "pinLocked", false, 10000)
        tryCompare(detail, "pinAttemptsLeft", 6, 10000)
        verify(/^6 PIN attempt/.test(find("detailPinStatus").text), find("detailPinStatus").text) // English plurals come from the .qm
        verify(find("detailNoticeText").text.indexOf("unlocked") >= 0, find("detailNoticeText").text)

        // The old PIN no longer works (one attempt counted); the new one does and resets the count.
        click("changePinButton")
        tryCompare(pinDialog, "opened", true)
        tryChangePin(pin)
        verify(pinDialog.visible)
        tryCompare(detail, "pinAttemptsLeft", 5, 10000)
        tryChangePin(unlockedPin)
        tryCompare(pinDialog, "visible", false, 10000)
        compare(detail.changePin.errorMessage, "")
        tryCompare(detail, "pinAttemptsLeft", 6, 10000)
    }

    function test_localIsWeaker() {
        registerAccount("13700000042")
        verifyIdentity()

        // RSA and P-256 have no choice: the keys stay on this device, and the page says why.
        click("side_certificates")
        App.router.go(Router.CertificateApply)
        const apply = showing(Router.CertificateApply)
        apply.algorithmIndex = 2
        compare(find("applyCustody0").enabled, false)
        verify(find("applyCustody1").checked)
        verify(find("applyCustodyNote").visible)
        apply.custodyIndex = 0
        compare(apply.custodyIndex, 1)
        apply.algorithmIndex = 0
        verify(find("applyCustody0").enabled)
        compare(find("applyCustodyNote").visible, false)

        screenshot("certificate-apply-custody.png")
        const detail = applyAndOpen(1)
        compare(detail.twoParty, false)
        verify(find("detailCustody").text.indexOf("weaker") >= 0, find("detailCustody").text)
        compare(detail.pinAttemptsLeft, -1)
        compare(find("detailPinStatus").visible, false)
        compare(find("unlockButton").visible, false)
    }
}
