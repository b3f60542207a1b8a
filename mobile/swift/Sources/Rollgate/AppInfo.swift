import Foundation
import RollgateFFI

/// What the app knows about itself: the attributes most rules target. Read it once at startup
/// with ``current(bundle:)`` and build each user's context with ``context(userId:deviceId:extra:)``.
public struct AppInfo: Equatable, Sendable {
    /// The app's version, e.g. `2.4.0`.
    public var appVersion: String
    /// ``Attributes/platformIOS`` on iOS.
    public var platform: String
    /// The OS version, e.g. `17.4.1`.
    public var osVersion: String

    /// App info from explicit values (tests, other platforms).
    public init(appVersion: String, platform: String, osVersion: String) {
        self.appVersion = appVersion
        self.platform = platform
        self.osVersion = osVersion
    }

    /// The running app: `CFBundleShortVersionString` of `bundle` (the version users see and
    /// rules compare; `0.0.0` if missing) and the OS version from `ProcessInfo`.
    public static func current(bundle: Bundle = .main) -> AppInfo {
        let version = bundle.infoDictionary?["CFBundleShortVersionString"] as? String ?? "0.0.0"
        let os = ProcessInfo.processInfo.operatingSystemVersion
        return AppInfo(
            appVersion: version,
            platform: Attributes.platformIOS,
            osVersion: "\(os.majorVersion).\(os.minorVersion).\(os.patchVersion)"
        )
    }

    /// A context with ``Attributes/appVersion``, ``Attributes/platform`` and
    /// ``Attributes/osVersion`` filled in, plus the user and device ids when known and any
    /// `extra` attributes (which win on a name clash).
    public func context(
        userId: String? = nil,
        deviceId: String? = nil,
        extra: [String: ContextValue] = [:]
    ) -> [String: ContextValue] {
        var context = rollgateContext([
            Attributes.appVersion: appVersion,
            Attributes.platform: platform,
            Attributes.osVersion: osVersion,
            Attributes.userId: userId,
            Attributes.deviceId: deviceId,
        ])
        context.merge(extra) { _, new in new }
        return context
    }
}
