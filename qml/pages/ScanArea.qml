import QtQuick
import QtQuick.Layouts
import Tongqian

// The scan area: the scanner until a code is read, then the confirmation of what it asks.
StackLayout {
    id: area
    required property ScanFlowViewModel vm
    objectName: "scanArea"
    currentIndex: area.vm.state === ScanFlowViewModel.Scanning ? 0 : 1

    ScanPage {
        id: scanner
        onScanned: text => area.vm.handleScan(text)
        onClosed: App.router.go(Router.Home)
    }
    ScanConfirmPage {
        vm: area.vm
    }
}
