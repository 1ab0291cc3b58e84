import QtQuick
import QtQuick.Layouts
import Tongqian

// The scan area: the scanner until a code is read, then the confirmation of what it asks.
StackLayout {
    id: area
    objectName: "scanArea"
    currentIndex: App.scanFlow.state === ScanFlowViewModel.Scanning ? 0 : 1

    ScanPage {
        id: scanner
        onScanned: text => App.scanFlow.handleScan(text)
        onClosed: App.selectArea("home")
    }
    ScanConfirmPage {
        vm: App.scanFlow
    }
}
