// Stub of the android.util API used by mobile/README.md (see README.md here): the messages are
// kept so the tests can read what a snippet logged.
package android.util

object Log {
    val lines: MutableList<String> = java.util.Collections.synchronizedList(mutableListOf())

    @JvmStatic fun i(tag: String?, msg: String): Int = log("I", tag, msg)
    @JvmStatic fun w(tag: String?, msg: String): Int = log("W", tag, msg)

    private fun log(level: String, tag: String?, msg: String): Int {
        lines.add("$level/$tag: $msg")
        return 0
    }
}
