import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// What every page test shares: a fresh main window per test, finding items by objectName,
// typing and clicking like a user, and the account steps most tests start with. Every step
// waits for the condition it needs (the control shown, enabled, laid out and still; the
// keyboard focus; the click received) instead of hoping that an event lands, so that a loaded
// machine only makes the tests slower.
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

    SignalSpy {
        id: clickSpy
        signalName: "clicked"
    }

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
        App.router.go(Router.Login)
    }

    // The view model of the page the router shows.
    function viewModel() {
        return App.router.currentViewModel
    }

    // Waits until the router shows `route`, and returns that page's view model.
    function showing(route, timeout) {
        tryCompare(App.router, "current", route, timeout === undefined ? 5000 : timeout)
        return viewModel()
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

    // Waits until `item` is where a click would find it: rendered at the same place in two
    // frames in a row (a page that has just been switched to may still be laying out, and a
    // loaded machine is slow to render).
    function settle(item) {
        let last = ""
        for (let frame = 0; frame < 50; ++frame) {
            const p = item.mapToItem(null, 0, 0)
            const here = [p.x, p.y, item.width, item.height].join(",")
            if (here === last)
                return
            last = here
            win.update()
            waitForRendering(win.contentItem, 2000)
        }
        fail(item.objectName + " keeps moving")
    }

    // Waits until `item` can be used: shown, enabled, of some size, scrolled into view, settled.
    function waitUsable(item, name) {
        tryVerify(() => item.visible && item.enabled && item.width > 0 && item.height > 0, 10000,
                  name + " should be visible and enabled")
        ensureVisible(item)
        settle(item)
    }

    function typeInto(name, text) {
        const field = find(name)
        waitUsable(field, name)
        // Click until the field has the focus: a click that lands elsewhere changes nothing.
        for (let attempt = 0; attempt < 5 && !field.activeFocus; ++attempt) {
            if (attempt > 0) {
                ensureVisible(field) // a long page may still have grown above the field
                settle(field)
            }
            mouseClick(field)
        }
        verify(field.activeFocus, name + " should take the keyboard focus when clicked")
        field.selectAll()
        keyClick(Qt.Key_Delete)
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i])
        compare(field.text, text)
    }

    // Clicks the button `name` once it can be used, and checks that the button received the
    // click (a click that landed elsewhere did nothing, so it is safe to repeat).
    function click(name) {
        const item = find(name)
        waitUsable(item, name)
        clickSpy.clear()
        clickSpy.target = item
        for (let attempt = 0; attempt < 5 && clickSpy.count === 0; ++attempt) {
            if (attempt > 0)
                waitUsable(item, name)
            mouseClick(item)
        }
        clickSpy.target = null
        compare(clickSpy.count, 1, name + " should receive the click")
    }

    function receiveCode(phone) {
        testBackend.fetchSmsCode(phone)
        tryVerify(() => testBackend.lastSmsCode.length === 6, 5000)
        return testBackend.lastSmsCode
    }

    function registerAccount(phone) {
        click("goRegister")
        showing(Router.Register)
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
    // Returns the scan flow's view model.
    function scan(created) {
        click("side_scan")
        const flow = showing(Router.Scan)
        compare(flow.state, ScanFlowViewModel.Scanning)
        const preview = find("scanPreview")
        let seed = 1
        tryVerify(() => {
            scanHelper.pushQrFrame(preview, created.qrContent, seed++)
            return flow.state !== ScanFlowViewModel.Scanning
        }, 15000, "the scanner should read the code")
        tryCompare(flow, "state", ScanFlowViewModel.Confirm, 10000)
        return flow
    }

    function logout() {
        click("side_me")
        showing(Router.Me)
        click("logoutButton")
        const dialog = find("logoutDialog")
        tryCompare(dialog, "opened", true)
        dialog.accept()
        tryCompare(App, "stage", App.SignedOut, 5000)
        tryCompare(dialog, "visible", false) // its modal overlay swallows clicks until closed
    }
}
