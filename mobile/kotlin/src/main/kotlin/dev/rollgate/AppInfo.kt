package dev.rollgate

import dev.rollgate.ffi.ContextValue

/**
 * What the app knows about itself: the attributes most rules target. Fill it once at startup
 * (on Android: `AndroidAppInfo.from(context)` in the `rollgate-android` module) and build each
 * user's context from it with [toContext].
 */
data class AppInfo(
    /** The app's version name, e.g. `2.4.0` (`BuildConfig.VERSION_NAME`). */
    val appVersion: String,
    /** [Attributes.PLATFORM_ANDROID], or `ios`. */
    val platform: String,
    /** The OS version, e.g. `14` (`Build.VERSION.RELEASE`). */
    val osVersion: String,
) {
    /**
     * A context with [Attributes.APP_VERSION], [Attributes.PLATFORM] and [Attributes.OS_VERSION]
     * filled in, plus the user and device ids when known and any [extra] attributes (which win
     * on a name clash).
     */
    fun toContext(
        userId: String? = null,
        deviceId: String? = null,
        extra: Map<String, Any?> = emptyMap(),
    ): Map<String, ContextValue> {
        val base = linkedMapOf<String, Any?>(
            Attributes.APP_VERSION to appVersion,
            Attributes.PLATFORM to platform,
            Attributes.OS_VERSION to osVersion,
            Attributes.USER_ID to userId,
            Attributes.DEVICE_ID to deviceId,
        )
        base.putAll(extra)
        return base.toRollgateContext()
    }

    companion object {
        /**
         * App info for an Android app from values every build has: pass
         * `BuildConfig.VERSION_NAME` and `android.os.Build.VERSION.RELEASE`. (The Android module's
         * `AndroidAppInfo.from(context)` reads both for you.)
         */
        fun android(versionName: String, osRelease: String): AppInfo =
            AppInfo(appVersion = versionName, platform = Attributes.PLATFORM_ANDROID, osVersion = osRelease)
    }
}
