// Stub of the android.content.pm API used by AndroidAppInfo (see README.md here).
package android.content.pm

open class PackageInfo {
    @JvmField var versionName: String? = null
}

abstract class PackageManager {
    abstract fun getPackageInfo(packageName: String, flags: PackageInfoFlags): PackageInfo

    @Deprecated("replaced by the PackageInfoFlags overload in API 33")
    abstract fun getPackageInfo(packageName: String, flags: Int): PackageInfo

    class PackageInfoFlags private constructor(val value: Long) {
        companion object {
            fun of(value: Long): PackageInfoFlags = PackageInfoFlags(value)
        }
    }
}
