import QtQuick
import QtQuick.Controls
import QtTest
import Tongqian

// The scanner page: camera-like frames pushed into its video sink, image files, bad files.
TestCase {
    id: tc
    name: "ScanPage"
    when: windowShown
    width: 800
    height: 600

    Component {
        id: pageComponent
        ScanPage {
            width: tc.width
            height: tc.height
        }
    }
    SignalSpy {
        id: scannedSpy
        signalName: "scanned"
    }

    function makePage() {
        const page = createTemporaryObject(pageComponent, tc)
        verify(page)
        scannedSpy.clear()
        scannedSpy.target = page
        return page
    }

    function test_framesPushedIntoTheSinkAreDecoded() {
        const page = makePage()
        // Long enough that a loaded machine cannot outlast it while this test pushes frames.
        page.scanner.debounceInterval = 60000
        const preview = findChild(page, "scanPreview")
        verify(preview)
        const text = "https://ca.example.cn/qr/v1/q3Zb0vJxk9H1Yw9s3o3GJ1Xr6nq0Wc8tZt0eN4kQ2aA"
        // Frames without a code give nothing; the frames that follow carry the code. The
        // decoder drops frames while busy, so keep offering them as a camera would.
        for (let i = 0; i < 3; ++i)
            verify(scanHelper.pushEmptyFrame(preview, i))
        compare(scannedSpy.count, 0)
        let seed = 10
        tryVerify(() => { scanHelper.pushQrFrame(preview, text, seed++); return scannedSpy.count > 0 }, 10000)
        compare(scannedSpy.signalArguments[0][0], text)
        // The same code read again right away is not reported twice (debounce).
        tryVerify(() => { scanHelper.pushQrFrame(preview, text, seed++); return page.scanner.repeatsSuppressed() > 0 },
                  10000, "the decoder should read the code again")
        compare(scannedSpy.count, 1)
    }

    function test_imageFile() {
        const page = makePage()
        page.scanner.scanImageFile(scanHelper.qrImageFile("TONGQIAN-测试-1"))
        scannedSpy.wait(10000)
        compare(scannedSpy.signalArguments[0][0], "TONGQIAN-测试-1")
        compare(page.scanner.error, "")
    }

    function test_imageFileProblemsAreExplained() {
        const page = makePage()
        const banner = findChild(page, "scanErrorText")
        page.scanner.scanImageFile(scanHelper.qrImageFile(""))
        tryVerify(() => page.scanner.error.length > 0, 10000)
        compare(banner.text, page.scanner.error) // the banner says what went wrong (a TestCase is never visible)
        compare(scannedSpy.count, 0)
        const first = page.scanner.error
        page.scanner.scanImageFile(scanHelper.textFile())
        tryVerify(() => page.scanner.error.length > 0 && page.scanner.error !== first, 10000)
        compare(scannedSpy.count, 0)
        verify(!page.scanner.busy)
    }

    function test_noCameraIsSaidPlainly() {
        // This machine has no camera: the page says so and offers the other ways.
        const page = makePage()
        tryVerify(() => page.scanner.cameraProblem.length > 0, 5000)
        verify(!page.scanner.cameraAvailable)
        verify(findChild(page, "scanImageButton").enabled)
        compare(findChild(page, "scanHint").text, page.scanner.cameraProblem)
    }
}
