package dev.rollgate.tests

import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.RollgateException
import java.io.File

/**
 * Which ruleset `FlagEngine.open` starts from, on the table every binding shares
 * (tests/startup/cases.json, ADR 0018): the same choice as the core, the npm client and Python.
 */
object Startup {
    /** A valid candidate: a ruleset of [revision] whose flag `source` serves [source]. */
    private fun ruleset(revision: Long, source: String): String =
        Json.write(mapOf("schema" to 1, "revision" to revision, "flags" to mapOf(
            "source" to mapOf("type" to "string", "variants" to mapOf("s" to source), "default" to "s"),
        )))

    /** The text of a candidate, or null when the table says "absent". */
    private fun text(candidate: Any?, source: String, invalid: String): String? = when (candidate) {
        "absent" -> null
        "invalid" -> invalid
        is Long -> ruleset(candidate, source)
        else -> throw AssertionError("bad candidate $candidate")
    }

    fun run(results: Results, table: File) {
        @Suppress("UNCHECKED_CAST")
        val doc = Json.parse(table.readText()) as Map<String, Any?>
        val invalid = doc["invalid"] as String
        val cases = doc["cases"] as List<*>
        if (cases.size < 10) results.record("startup table", "too few cases in $table: ${cases.size}")
        for (c in cases) {
            val case = c as Map<*, *>
            results.run("startup: ${case["name"]}") { check(case, invalid) }
        }
    }

    private fun check(case: Map<*, *>, invalid: String) {
        withTempDir { dir ->
            val path = File(dir, "ruleset.json")
            text(case["persisted"], "persisted", invalid)?.let { path.writeText(it) }
            val bundled = text(case["bundled"], "bundled", invalid)
            if (case["bundled"] == "invalid") {
                // Mobile's policy for a broken bundle (a bug in the app): throw, whatever is persisted.
                val e = assertThrows<RollgateException.InvalidRuleset> { FlagEngine.open(path.path, bundled) }
                check(e.message!!.startsWith("invalid ruleset (1 problem)")) { "${e.message}" }
            } else {
                FlagEngine.open(path.path, bundled).use { engine -> checkServed(engine, case) }
            }
        }
    }

    private fun checkServed(engine: FlagEngine, case: Map<*, *>) {
        val serves = case["serves"] as String
        check(engine.stringValue("source", "empty") == serves) {
            "serves ${engine.stringValue("source", "empty")}, expected $serves"
        }
        val revision = when (serves) {
            "persisted" -> case["persisted"] as Long
            "bundled" -> case["bundled"] as Long
            else -> 0L
        }
        check(engine.revision() == revision.toULong()) { "revision ${engine.revision()}, expected $revision" }
        check((engine.restoreError() != null) == (case["persisted"] == "invalid")) { "restoreError: ${engine.restoreError()}" }
    }
}
