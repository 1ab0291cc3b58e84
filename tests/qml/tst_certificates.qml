import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// The certificate lifecycle through the pages: real name, application
// with the PIN twice, both certificates listed and shown, export, PIN change, revocation.
AppTestCase {
    name: "CertificatePages"

    readonly property string pin: "123456"
    readonly property string newPin: "246810"
    property int highestStep: 0

    Connections {
        target: App.router.current === Router.CertificateApply ? App.router.currentViewModel : null
        function onChanged() { highestStep = Math.max(highestStep, target.progressStep) }
    }

    function screenshot(name) {
        waitForRendering(win.contentItem)
        verify(testFiles.saveScreenshot(win, name), name)
    }

    function test_lifecycle() {
        registerAccount("13700000021")
        compare(find("certificateSummary").visible, false)

        // No certificate yet: the empty state leads to the application, which asks for a real name first.
        click("side_certificates")
        tryCompare(App.router, "currentArea", Router.Certificates)
        verify(find("certificatesEmpty").visible)
        click("certificatesEmptyApply")
        showing(Router.CertificateApply)
        verify(find("applyIdentityRequired").visible)
        compare(find("applySubmit").enabled, false)
        click("applyVerifyNow")
        showing(Router.IdentityVerification)
        typeInto("identityNameInput", "Zhang San")
        typeInto("identityNumberInput", "11010519491231002X")
        click("identitySubmit")
        tryCompare(App, "identityVerified", true, 5000)
        tryVerify(() => find("certificateSummary").visible)
        click("homeApply")
        const apply = showing(Router.CertificateApply)
        compare(find("applyIdentityRequired").visible, false)

        // The PIN twice: a mismatch is caught inline and nothing is sent.
        typeInto("applyPinInput", "12345")
        verify(find("applyPinError").visible)
        typeInto("applyPinInput", pin)
        compare(find("applyPinError").visible, false)
        typeInto("applyConfirmInput", "654321")
        verify(find("applyConfirmError").visible)
        click("applySubmit")
        compare(apply.busy, false)
        compare(App.router.current, Router.CertificateApply)
        typeInto("applyConfirmInput", pin)
        compare(find("applyConfirmError").visible, false)
        // The person again (issue 15: the login alone does not get a certificate).
        compare(find("applyProofMethod").visible, false) // no certificate to prove it with yet
        typeInto("applyNameInput", "Zhang San")
        typeInto("applyIdNumberInput", "11010519491231002X")
        highestStep = 0
        const steps = apply.progressSteps
        click("applySubmit")
        const list = showing(Router.Certificates, 60000)
        compare(highestStep, steps) // SM2 goes through all five steps
        verify(find("certificatesNoticeText").text.length > 0)

        // Both certificates of the SM2 pair are valid.
        tryCompare(list, "validCount", 2)
        compare(list.invalidCount, 0)
        compare(find("certificateRow0Usage").text, "Signing certificate")
        compare(find("certificateRow1Usage").text, "Encryption certificate")
        compare(find("certificateRow0StatusText").text, "Valid")
        compare(find("certificateRow0Name").text, "Zhang San")
        screenshot("certificates-list.png")

        click("certificateRow0")
        showing(Router.CertificateDetail)
        compare(find("detailTitle").text, "Zhang San")
        const serial = find("detailCertificate0Serial").text
        verify(/^[0-9A-F]+$/.test(serial), serial)
        verify(find("detailCertificate0Issuer").text.length > 0)
        verify(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(find("detailCertificate0Fingerprint").text))
        compare(find("detailCertificate1Usage").text, "Encryption certificate")
        verify(find("detailCertificate1Serial").text !== serial)
        screenshot("certificates-detail.png")

        // Narrow windows stack the two certificates.
        win.width = 400
        tryVerify(() => find("detailCertificate1").y > find("detailCertificate0").y)
        compare(find("detailCertificate1").x, find("detailCertificate0").x)
        win.width = 1024
        tryVerify(() => find("detailCertificate1").y === find("detailCertificate0").y)

        // Export the signing certificate as DER to a chosen path.
        const path = testFiles.tempPath("signing.cer")
        click("exportButton")
        const exportDialog = find("exportDialog")
        tryCompare(exportDialog, "opened", true)
        verify(find("exportPathInput").text.length > 0) // a default under Documents is offered
        typeInto("exportPathInput", path)
        click("exportSubmit")
        tryCompare(exportDialog, "visible", false)
        tryVerify(() => find("detailNoticeText").text.indexOf("signing.cer") >= 0)
        compare(testFiles.certificateSerial(path), serial)

        // Change the PIN: a wrong current PIN is refused, the right one re-wraps the keys.
        click("changePinButton")
        const pinDialog = find("changePinDialog")
        tryCompare(pinDialog, "opened", true)
        typeInto("changePinOldInput", "999999")
        typeInto("changePinNewInput", newPin)
        typeInto("changePinConfirmInput", "24681")
        verify(find("changePinConfirmError").visible)
        typeInto("changePinConfirmInput", newPin)
        compare(find("changePinConfirmError").visible, false)
        click("changePinSubmit")
        tryVerify(() => find("changePinErrorText").text.length > 0, 10000)
        verify(pinDialog.visible)
        typeInto("changePinOldInput", pin)
        click("changePinSubmit")
        tryCompare(pinDialog, "visible", false, 10000)
        verify(find("detailNoticeText").text.length > 0)

        // The new PIN opens the keys and the old one does not: changing back needs the new one.
        click("changePinButton")
        tryCompare(pinDialog, "opened", true)
        typeInto("changePinOldInput", pin)
        typeInto("changePinNewInput", "135790")
        typeInto("changePinConfirmInput", "135790")
        click("changePinSubmit")
        tryVerify(() => find("changePinErrorText").text.length > 0, 10000)
        typeInto("changePinOldInput", newPin)
        click("changePinSubmit")
        tryCompare(pinDialog, "visible", false, 10000)

        // Revoke after confirming; the pair moves to the invalid list.
        click("revokeButton")
        const revokeDialog = find("revokeDialog")
        tryCompare(revokeDialog, "opened", true)
        revokeDialog.accept()
        tryCompare(revokeDialog, "visible", false)
        tryCompare(find("detailStatusText"), "text", "Revoked", 10000)
        compare(find("revokeButton").enabled, false)
        compare(find("changePinButton").enabled, false)
        click("detailBack")
        showing(Router.Certificates)
        tryCompare(list, "invalidCount", 2)
        compare(list.validCount, 0)
        verify(find("certificatesEmpty").visible)
        click("certificatesInvalidTab")
        tryCompare(list, "filter", CertificateListModel.Invalid)
        compare(find("certificateRow0StatusText").text, "Revoked")
        compare(find("certificateRow1StatusText").text, "Revoked")
        click("certificatesValidTab")
        logout()
    }
}
