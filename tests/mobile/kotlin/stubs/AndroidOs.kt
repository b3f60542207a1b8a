// Stub of the android.os API used by AndroidAppInfo (see README.md here).
package android.os

object Build {
    object VERSION {
        @JvmField val SDK_INT: Int = 34
        @JvmField val RELEASE: String = "14"
    }
}
