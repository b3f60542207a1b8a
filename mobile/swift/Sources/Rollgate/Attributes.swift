import Foundation

/// The documented context attribute names. Rulesets target these names (for example
/// `{"attr": "appVersion", "op": "semver", "range": ">=2.3.0"}`), so use the constants rather
/// than retyping the strings.
public enum Attributes {
    /// The app's version, e.g. `2.4.0` (`CFBundleShortVersionString`); semver rules compare it.
    public static let appVersion = "appVersion"
    /// `ios` or `android` (the values used by platform rules across every SDK).
    public static let platform = "platform"
    /// The operating system version, e.g. `17.4.1`.
    public static let osVersion = "osVersion"
    /// The signed-in user's stable id: the default unit of rollouts and splits.
    public static let userId = "userId"
    /// A stable per-install id (e.g. `identifierForVendor`), for rollouts before sign-in.
    public static let deviceId = "deviceId"
    /// The value of ``platform`` on iOS.
    public static let platformIOS = "ios"
}
