// Stub of the android.content.res API used by mobile/README.md (see README.md here).
package android.content.res

import java.io.InputStream

abstract class AssetManager {
    abstract fun open(fileName: String): InputStream
}
