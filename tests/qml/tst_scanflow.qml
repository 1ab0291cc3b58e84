import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// The scan flows through the real UI: a platform's QR code reaches the scanner as camera
// frames pushed into its video sink; the confirmation shows what is asked; PIN; result.
AppTestCase {
    name: "ScanFlow"
    readonly property string pin: "246810"

    function prepareDevice() {
        registerAccount("13700000031")
        App.router.go(Router.IdentityVerification)
        const identity = showing(Router.IdentityVerification)
        identity.name = "Zhang San"
        identity.idNumber = "11010519491231002X"
        identity.submit()
        tryCompare(App, "identityVerified", true, 5000)
        App.router.go(Router.CertificateApply)
        const apply = showing(Router.CertificateApply)
        apply.name = "Zhang San"
        apply.idNumber = "11010519491231002X"
        apply.setPin(pin)
        apply.setConfirmPin(pin)
        apply.submit()
        tryCompare(App.router.viewModel(Router.Certificates), "validCount", 2, 60000)
    }

    function test_flows() {
        prepareDevice()

        // Log in: large words, the platform from the server, a wrong PIN first.
        const login = scanHelper.createTransaction("login")
        verify(login.qrContent)
        scan(login)
        compare(find("scanAction").text, "Log in")
        verify(find("scanPlatform").text.indexOf("C1100000001") >= 0)
        compare(find("scanCertificate").count, 1)
        typeInto("scanPinInput", "135791")
        click("scanApprove")
        tryVerify(() => find("scanFlowErrorText").text.length > 0, 10000)
        compare(viewModel().state, ScanFlowViewModel.Confirm)
        compare(scanHelper.pollStatus(login), "scanned")
        typeInto("scanPinInput", pin)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 20000)
        verify(find("scanResultText").text.length > 0)
        compare(scanHelper.pollStatus(login), "completed")
        click("scanAgain")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Scanning)

        // Sign two digests: each is listed as a digest, not as a document.
        const sign = scanHelper.createTransaction("sign")
        scan(sign)
        compare(find("scanAction").text, "Sign")
        compare(viewModel().items.length, 2)
        typeInto("scanPinInput", pin)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 20000)
        compare(scanHelper.pollStatus(sign), "completed")
        click("scanAgain")

        // Remember-PIN, chosen on the Me page: the PIN typed once serves the next request, until
        // the user forgets it; "off" forgets it too.
        click("side_me")
        showing(Router.Me)
        const choice = find("rememberPinChoice")
        verify(choice.visible)
        compare(choice.currentIndex, 0)
        App.settings.rememberPinIndex = 1
        compare(App.settings.rememberPinMinutes, 5)
        compare(choice.currentIndex, 1)
        const first = scanHelper.createTransaction("sign")
        scan(first)
        verify(!viewModel().pinRemembered)
        typeInto("scanPinInput", pin)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 20000)
        click("scanAgain")
        const second = scanHelper.createTransaction("sign")
        scan(second)
        verify(viewModel().pinRemembered)
        verify(find("scanRememberedPin").visible)
        verify(find("scanRememberedPinText").text.length > 0)
        verify(find("scanApprove").enabled)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 20000)
        compare(scanHelper.pollStatus(second), "completed")
        click("scanAgain")
        const third = scanHelper.createTransaction("sign")
        scan(third)
        verify(viewModel().pinRemembered)
        click("scanForgetPin")
        verify(!viewModel().pinRemembered)
        verify(!find("scanApprove").enabled)
        typeInto("scanPinInput", pin)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 20000)
        verify(viewModel().pinRemembered)
        App.settings.rememberPinIndex = 0
        verify(!viewModel().pinRemembered)
        click("scanAgain")

        // Bid opening: two envelopes; the session keys go back to the platform only.
        const decrypt = scanHelper.createTransaction("decrypt")
        scan(decrypt)
        compare(find("scanAction").text, "Decrypt")
        compare(viewModel().items.length, 2)
        verify(testFiles.saveScreenshot(win, "scan-confirm-decrypt.png"))
        typeInto("scanPinInput", pin)
        click("scanApprove")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 20000)
        verify(scanHelper.sessionKeysCameBack(decrypt))
        click("scanAgain")

        // "This wasn't me": cancelled and reported, nothing signed.
        const stranger = scanHelper.createTransaction("login")
        scan(stranger)
        click("scanReject")
        tryCompare(viewModel(), "state", ScanFlowViewModel.Done, 10000)
        compare(scanHelper.pollStatus(stranger), "rejected")

        // The same code again is refused with a sentence that says what to do.
        click("scanAgain")
        click("side_scan")
        const preview = find("scanPreview")
        let seed = 100
        tryVerify(() => {
            scanHelper.pushQrFrame(preview, stranger.qrContent, seed++)
            return viewModel().state !== ScanFlowViewModel.Scanning
        }, 15000)
        tryCompare(viewModel(), "state", ScanFlowViewModel.Failed, 10000)
        verify(find("scanFlowErrorText").text.length > 0)

        // Scan reports list all seven, searchable.
        click("side_reports")
        const reports = showing(Router.Reports)
        tryCompare(reports, "count", 7, 10000)
        reports.search = "decrypt"
        tryCompare(reports, "count", 1, 10000)
    }
}
