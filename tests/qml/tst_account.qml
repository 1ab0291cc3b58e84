import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// Drives the login, register and reset pages through their fields and buttons.
AppTestCase {
    name: "AccountPages"

    function test_inlineValidation() {
        typeInto("loginPhoneInput", "1380")
        compare(find("loginPhoneError").visible, true)
        typeInto("loginPhoneInput", "13800138000")
        compare(find("loginPhoneError").visible, false)

        click("goRegister")
        typeInto("registerPagePasswordInput", "abcdefg1")
        verify(find("registerPagePasswordError").text.length > 0)
        typeInto("registerPagePasswordInput", "Abcdefg1")
        compare(find("registerPagePasswordError").visible, false)
        typeInto("registerPageConfirmInput", "Abcdefg2")
        verify(find("registerPageConfirmError").visible)
        // Submitting an incomplete form reveals every problem and sends nothing.
        click("registerPageSubmit")
        verify(find("registerPageSmsCodeError").visible)
        verify(find("registerPageAgreeError").visible)
        compare(App.stage, App.SignedOut)
        click("registerPageBack")
        showing(Router.Login)
    }

    function test_registerLogoutLogin() {
        const phone = "13700000001"
        registerAccount(phone)
        compare(find("homeAccount").text.indexOf("137****0001") >= 0, true)
        logout()

        // A wrong password says how many attempts are left, then the right one gets in.
        typeInto("loginPhoneInput", phone)
        typeInto("loginPasswordInput", "Wrong2026x")
        click("loginSubmit")
        tryVerify(() => find("loginErrorText").text.indexOf("4") >= 0, 5000)
        compare(App.stage, App.SignedOut)
        typeInto("loginPasswordInput", password)
        click("loginSubmit")
        tryCompare(App, "stage", App.SignedIn, 10000)
        logout()
    }

    function test_wrongSmsCodeIsRefused() {
        const phone = "13700000002"
        click("goRegister")
        typeInto("registerPagePhoneInput", phone)
        click("registerPageSmsCodeSend")
        tryVerify(() => find("registerPageNoticeText").text.length > 0, 5000)
        const code = receiveCode(phone)
        const wrong = code === "000000" ? "111111" : "000000"
        typeInto("registerPageSmsCodeInput", wrong)
        typeInto("registerPagePasswordInput", password)
        typeInto("registerPageConfirmInput", password)
        click("registerPageAgree")
        click("registerPageSubmit")
        tryVerify(() => find("registerPageErrorText").text.length > 0, 5000)
        compare(App.stage, App.SignedOut)
        // The send button counts down before another code can be asked for.
        verify(!find("registerPageSmsCodeSend").enabled)
        click("registerPageBack")
    }

    function test_resetPasswordThenLogin() {
        const phone = "13700000003"
        registerAccount(phone)
        logout()
        click("goReset")
        showing(Router.ResetPassword)
        typeInto("resetPagePhoneInput", phone)
        // The registration code was sent moments ago: wait out the resend limit on the server clock.
        testBackend.advanceClock(61)
        click("resetPageSmsCodeSend")
        tryVerify(() => find("resetPageNoticeText").text.length > 0, 5000)
        typeInto("resetPageSmsCodeInput", receiveCode(phone))
        typeInto("resetPagePasswordInput", "NewPass2026")
        typeInto("resetPageConfirmInput", "NewPass2026")
        click("resetPageSubmit")
        showing(Router.Login, 10000)
        verify(find("loginNoticeText").text.length > 0)
        compare(find("loginPhoneInput").text, phone)
        typeInto("loginPasswordInput", "NewPass2026")
        click("loginSubmit")
        tryCompare(App, "stage", App.SignedIn, 10000)
        logout()
    }

    function test_realNameVerification() {
        registerAccount("13700000005")
        click("verifyNow")
        showing(Router.IdentityVerification)
        // A wrong check character is caught inline, before anything is sent.
        typeInto("identityNameInput", "Zhang San")
        typeInto("identityNumberInput", "110105194912310021")
        verify(find("identityNumberError").visible)
        click("identitySubmit")
        compare(App.identityVerified, false)
        // The sandbox identity provider refuses names marked as mismatching.
        typeInto("identityNameInput", "Mismatch")
        typeInto("identityNumberInput", "11010519491231002X")
        compare(find("identityNumberError").visible, false)
        click("identitySubmit")
        tryVerify(() => find("identityErrorText").text.length > 0, 5000)
        compare(App.identityVerified, false)
        typeInto("identityNameInput", "Zhang San")
        click("identitySubmit")
        tryCompare(App, "identityVerified", true, 5000)
        showing(Router.Home)
        verify(find("homeNoticeText").text.length > 0)
        compare(find("verifyNow").visible, false)
        logout()
    }

    function test_narrowWindowUsesBottomBar() {
        registerAccount("13700000004")
        win.width = 400
        tryVerify(() => find("bottomBar").visible)
        compare(find("sideBar").visible, false)
        click("tab_me")
        tryCompare(App.router, "currentArea", Router.Me)
        win.width = 1024
        tryVerify(() => find("sideBar").visible)
        logout()
    }
}
