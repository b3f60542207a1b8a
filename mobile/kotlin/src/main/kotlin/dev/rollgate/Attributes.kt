package dev.rollgate

/**
 * The documented context attribute names. Rulesets target these names (for example
 * `{"attr": "appVersion", "op": "semver", "range": ">=2.3.0"}`), so use the constants rather
 * than retyping the strings.
 */
object Attributes {
    /** The app's version name, e.g. `2.4.0` (semver rules compare it). */
    const val APP_VERSION = "appVersion"

    /** `android` or `ios` (the values used by platform rules across every SDK). */
    const val PLATFORM = "platform"

    /** The operating system version, e.g. `14` or `17.4.1`. */
    const val OS_VERSION = "osVersion"

    /** The signed-in user's stable id: the default unit of rollouts and splits. */
    const val USER_ID = "userId"

    /** A stable per-install id, for rollouts before sign-in (`"by": "deviceId"`). */
    const val DEVICE_ID = "deviceId"

    /** The value of [PLATFORM] on Android. */
    const val PLATFORM_ANDROID = "android"
}
