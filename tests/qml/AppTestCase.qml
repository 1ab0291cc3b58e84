import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// What every page test shares: a fresh main window per test, finding items by objectName,
// typing and clicking like a user, and the account steps most tests start with.
TestCase {
    id: tc
    when: windowShown
    width: 1024
    height: 720

    Component {
        id: mainComponent
        Main {}
    }

    property var win: null
    readonly property string password: "Tongqian2026"

    function init() {
        win = createTemporaryObject(mainComponent, null)
        verify(win)
        // Without a window manager (Xvfb) nothing activates the window, and keys go nowhere.
        win.requestActivate()
        tryVerify(() => win.active, 5000, "the window should become active")
        tryCompare(App, "stage", App.SignedOut, 5000)
    }

    function cleanup() {
        // A failed test must not leave the next one logged in.
        if (App.stage === App.SignedIn)
            App.logout()
        App.showLogin()
    }

    function find(name) {
        // Popups are not visual children of the content item, only QObject children of the window.
        const lookup = () => findChild(win.contentItem, name) || findChild(win, name)
        // List delegates appear when the view is next laid out, not when the model changes.
        tryVerify(lookup, 5000, "no item named " + name)
        return lookup()
    }

    // Scrolls the nearest scrollable ancestor so `item` is in view, as a user would.
    function ensureVisible(item) {
        for (let p = item.parent; p; p = p.parent) {
            if (p.contentY === undefined || p.contentHeight === undefined || p.contentItem === undefined)
                continue
            const pos = item.mapToItem(p.contentItem, 0, 0)
            if (pos.y < p.contentY)
                p.contentY = pos.y
            else if (pos.y + item.height > p.contentY + p.height)
                p.contentY = Math.min(pos.y + item.height - p.height, Math.max(0, p.contentHeight - p.height))
            return
        }
    }

    function typeInto(name, text) {
        const field = find(name)
        tryVerify(() => field.visible)
        // A page that has just been switched to may still be laying out (a loaded machine is
        // slow to render): click once it has settled, and again if the click landed elsewhere.
        for (let attempt = 0; attempt < 5 && !field.activeFocus; ++attempt) {
            ensureVisible(field)
            waitForRendering(win.contentItem)
            mouseClick(field)
        }
        verify(field.activeFocus, name + " should take the keyboard focus when clicked")
        field.selectAll()
        keyClick(Qt.Key_Delete)
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
        compare(field.text, text)
    }

    function click(name) {
        const item = find(name)
        tryVerify(() => item.visible && item.enabled && item.width > 0, 5000, name + " should be clickable")
        ensureVisible(item)
        waitForRendering(win.contentItem) // layouts settle before the click lands
        mouseClick(item)
    }

    function receiveCode(phone) {
        testBackend.fetchSmsCode(phone)
        tryVerify(() => testBackend.lastSmsCode.length === 6, 5000)
        return testBackend.lastSmsCode
    }

    function registerAccount(phone) {
        click("goRegister")
        tryCompare(App, "authPage", App.Register)
        typeInto("registerPagePhoneInput", phone)
        click("registerPageSmsCodeSend")
        tryVerify(() => find("registerPageNoticeText").text.length > 0, 5000)
        typeInto("registerPageSmsCodeInput", receiveCode(phone))
        typeInto("registerPagePasswordInput", password)
        typeInto("registerPageConfirmInput", password)
        click("registerPageAgree")
        click("registerPageSubmit")
        tryCompare(App, "stage", App.SignedIn, 10000)
    }

    // Scan flows: shows the platform's QR code to the camera until the app has read it.
    function scan(created) {
        click("side_scan")
        tryCompare(App, "currentArea", "scan")
        compare(App.scanFlow.state, ScanFlowViewModel.Scanning)
        const preview = find("scanPreview")
        let seed = 1
        tryVerify(() => {
            scanHelper.pushQrFrame(preview, created.qrContent, seed++)
            return App.scanFlow.state !== ScanFlowViewModel.Scanning
        }, 15000, "the scanner should read the code")
        tryCompare(App.scanFlow, "state", ScanFlowViewModel.Confirm, 10000)
    }

    function logout() {
        click("side_me")
        tryCompare(App, "currentArea", "me")
        click("logoutButton")
        const dialog = find("logoutDialog")
        tryCompare(dialog, "opened", true)
        dialog.accept()
        tryCompare(App, "stage", App.SignedOut, 5000)
        tryCompare(dialog, "visible", false) // its modal overlay swallows clicks until closed
    }
}
