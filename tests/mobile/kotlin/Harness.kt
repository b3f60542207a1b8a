package dev.rollgate.tests

import java.io.File
import java.nio.file.Files

/** Named checks and the `N passed, M failed` summary line. */
class Results(private val label: String) {
    var passed = 0
        private set
    val failures = mutableListOf<Pair<String, String>>()

    fun record(name: String, error: String?) {
        if (error == null) passed++ else failures.add(name to error)
    }

    /** Runs [block]; any Throwable (AssertionError included) fails the check. */
    fun run(name: String, block: () -> Unit) {
        try {
            block()
            record(name, null)
        } catch (t: Throwable) {
            record(name, "${t::class.java.simpleName}: ${t.message}")
        }
    }

    fun summary(): Boolean {
        for ((name, error) in failures) println("FAIL $label: $name\n     $error")
        println("$label: $passed passed, ${failures.size} failed")
        return failures.isEmpty()
    }
}

fun check(condition: Boolean, message: () -> String = { "check failed" }) {
    if (!condition) throw AssertionError(message())
}

inline fun <reified T : Throwable> assertThrows(block: () -> Unit): T {
    try {
        block()
    } catch (t: Throwable) {
        if (t is T) return t
        throw AssertionError("expected ${T::class.simpleName}, got ${t::class.simpleName}: ${t.message}")
    }
    throw AssertionError("expected ${T::class.simpleName}, nothing was thrown")
}

/** The message of `InvalidRuleset` for these problems: a count, then one `path: message` line each, as the CLI lists them. */
fun invalidRulesetMessage(problems: List<dev.rollgate.ffi.Problem>): String {
    val count = if (problems.size == 1) "1 problem" else "${problems.size} problems"
    return (listOf("invalid ruleset ($count)") + problems.map {
        if (it.path.isEmpty()) "  ${it.message}" else "  ${it.path}: ${it.message}"
    }).joinToString("\n")
}

/** Runs [block] with a new temporary directory, deleted afterwards. */
fun <T> withTempDir(block: (File) -> T): T {
    val dir = Files.createTempDirectory("rollgate-kt").toFile()
    try {
        return block(dir)
    } finally {
        dir.deleteRecursively()
    }
}
