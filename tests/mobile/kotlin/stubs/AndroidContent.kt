// Stub of the android.content API used by mobile/README.md and AndroidAppInfo (see README.md here).
package android.content

import android.content.pm.PackageManager
import android.content.res.AssetManager
import java.io.File

abstract class Context {
    abstract val filesDir: File
    abstract val assets: AssetManager
    abstract val packageManager: PackageManager
    abstract val packageName: String
}

interface SharedPreferences {
    fun getString(key: String, defValue: String?): String?
    fun edit(): Editor

    interface Editor {
        fun putString(key: String, value: String?): Editor
        fun apply()
    }
}
