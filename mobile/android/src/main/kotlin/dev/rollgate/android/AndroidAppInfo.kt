package dev.rollgate.android

import android.content.Context
import android.content.pm.PackageManager
import android.os.Build
import dev.rollgate.AppInfo

/**
 * Reads [AppInfo] from the running Android app: `versionName` from the PackageManager (what
 * users see in the store and what `appVersion` rules compare) and `Build.VERSION.RELEASE`.
 *
 * Android-only (it needs the Android SDK), so it lives in this module and not in the
 * platform-neutral wrapper that the JVM tests compile.
 */
object AndroidAppInfo {
    /** The app's [AppInfo]; `appVersion` is `0.0.0` if the package has no version name. */
    fun from(context: Context): AppInfo {
        val packageManager = context.packageManager
        val info = if (Build.VERSION.SDK_INT >= 33) {
            packageManager.getPackageInfo(context.packageName, PackageManager.PackageInfoFlags.of(0))
        } else {
            @Suppress("DEPRECATION")
            packageManager.getPackageInfo(context.packageName, 0)
        }
        return AppInfo.android(versionName = info.versionName ?: "0.0.0", osRelease = Build.VERSION.RELEASE)
    }
}
