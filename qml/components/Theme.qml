pragma Singleton
import QtQuick
import Tongqian

// Colours and sizes in one place; kiosk mode gets larger type and touch targets.
QtObject {
    readonly property bool large: App.kiosk
    readonly property color accent: "#c62828"
    readonly property color errorColor: "#b00020"
    readonly property color errorBackground: "#fdecea"
    readonly property color noticeBackground: "#e8f0fe"
    readonly property color textColor: "#202124"
    readonly property color mutedText: "#5f6368"
    readonly property color sidebar: "#f6f6f8"
    readonly property color okColor: "#137333"
    readonly property color okBackground: "#e6f4ea"
    readonly property color mutedBackground: "#f1f3f4"
    readonly property color cardBorder: "#dadce0"
    readonly property color cardBackground: "#ffffff"
    readonly property int smallFont: large ? 18 : 12
    readonly property int titleFont: large ? 34 : 24
    readonly property int formWidth: large ? 640 : 420
    readonly property int contentWidth: large ? 1200 : 960
    readonly property int wideBreakpoint: 720
}
