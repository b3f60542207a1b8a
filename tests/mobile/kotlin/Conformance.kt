package dev.rollgate.tests

import dev.rollgate.ffi.ContextScalar
import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.FlagType
import dev.rollgate.ffi.FlagValue
import dev.rollgate.ffi.RollgateException
import dev.rollgate.ffi.contextFromJson
import dev.rollgate.ffi.validateRuleset
import java.io.File

/**
 * Runs every file of the conformance corpus through the generated Kotlin bindings, with the
 * semantics of tests/conformance/README.md (see also tests/mobile/python/conformance.py):
 * a missing value is replaced by the case's `default` (or null) and all seven fields are
 * compared exactly. JSON `null` context attributes are absent; a context the typed API cannot
 * express goes through `contextFromJson`, whose InvalidContext error counts as
 * ERROR / INVALID_CONTEXT. A case's `explain` facts are checked against the binding's
 * `explain` JSON.
 */
object Conformance {
    private val FIELDS = listOf("value", "variant", "reason", "ruleId", "errorCode", "failedPrerequisite", "unitMissing")
    private val TYPES = mapOf(
        "boolean" to FlagType.BOOLEAN, "string" to FlagType.STRING,
        "number" to FlagType.NUMBER, "object" to FlagType.OBJECT,
    )

    /** Runs all `*.json` files in [dir]; returns the number of files. */
    fun run(results: Results, dir: File): Int {
        val files = dir.listFiles { f -> f.name.endsWith(".json") }?.sortedBy { it.name } ?: emptyList()
        for (file in files) {
            @Suppress("UNCHECKED_CAST")
            val doc = Json.parse(file.readText()) as Map<String, Any?>
            (doc["cases"] as? List<*>)?.let { cases -> runCases(results, file.name, doc["ruleset"], cases) }
            (doc["invalid"] as? List<*>)?.forEachIndexed { i, c ->
                val case = c as Map<*, *>
                results.run("${file.name}: ${case["name"] ?: "invalid[$i]"}") { checkInvalid(case) }
            }
        }
        return files.size
    }

    private fun runCases(results: Results, fileName: String, ruleset: Any?, cases: List<*>) {
        val engine = try {
            FlagEngine(Json.write(ruleset))
        } catch (e: RollgateException) {
            cases.forEachIndexed { i, c ->
                results.record("$fileName: ${(c as Map<*, *>)["name"] ?: "cases[$i]"}", "the file's ruleset does not load: ${e.message}")
            }
            return
        }
        engine.use {
            cases.forEachIndexed { i, c ->
                val case = c as Map<*, *>
                results.run("$fileName: ${case["name"] ?: "cases[$i]"}") { checkCase(engine, case) }
            }
        }
    }

    private fun scalar(v: Any?): ContextScalar? = when (v) {
        is Boolean -> ContextScalar.Bool(v)
        is Number -> ContextScalar.Number(v.toDouble())
        is String -> ContextScalar.Text(v)
        else -> null
    }

    /** The typed context, or null when the typed API cannot express it. */
    fun typedContext(obj: Map<*, *>): Map<String, ContextValue>? {
        val out = LinkedHashMap<String, ContextValue>()
        for ((k, v) in obj) {
            val name = k as String
            out[name] = when (v) {
                null -> continue
                is List<*> -> ContextValue.Values(v.map { scalar(it) ?: return null })
                is Map<*, *> -> return null
                is Boolean -> ContextValue.Bool(v)
                is Number -> ContextValue.Number(v.toDouble())
                is String -> ContextValue.Text(v)
                else -> return null
            }
        }
        return out
    }

    private fun plain(value: FlagValue?): Any? = when (value) {
        is FlagValue.Bool -> value.value
        is FlagValue.Text -> value.value
        is FlagValue.Number -> value.value
        is FlagValue.Json -> Json.parse(value.json)
        null -> null
    }

    private fun checkCase(engine: FlagEngine, case: Map<*, *>) {
        val now = (case["now"] as? Number)?.toLong() ?: 0L
        val flag = case["flag"] as String
        val type = case["type"] as String?
        val rawContext = (case["context"] as? Map<*, *>) ?: emptyMap<String, Any?>()
        var context = typedContext(rawContext)
        val actual: Map<String, Any?>
        if (context == null) {
            context = try {
                contextFromJson(Json.write(rawContext))
            } catch (e: RollgateException.InvalidContext) {
                null
            }
        }
        actual = if (context == null) {
            mapOf("value" to case["default"], "reason" to "ERROR", "errorCode" to "INVALID_CONTEXT")
        } else {
            val r = if (type != null) engine.evaluateTyped(flag, TYPES.getValue(type), context, now)
            else engine.evaluate(flag, context, now)
            mapOf(
                "value" to (plain(r.value) ?: case["default"]),
                "variant" to r.variant,
                "reason" to r.reason.name,
                "ruleId" to r.ruleId,
                "errorCode" to r.errorCode?.name,
                "failedPrerequisite" to r.failedPrerequisite,
                "unitMissing" to r.unitMissing,
            )
        }
        val expect = (case["expect"] as? Map<*, *>) ?: emptyMap<String, Any?>()
        val diffs = FIELDS.filter { !Json.equal(expect[it], actual[it]) }
            .map { "$it: expected ${Json.write(expect[it])}, got ${Json.write(actual[it])}" }
        check(diffs.isEmpty()) { diffs.joinToString("; ") }
        if (type != null && context != null && actual["value"] != null) {
            val got = typedGetter(engine, type, flag, case["default"], context, now)
            check(Json.equal(actual["value"], got)) { "typed getter returned ${Json.write(got)}, evaluate gave ${Json.write(actual["value"])}" }
        }
        if (case.containsKey("explain")) {
            checkNotNull(context) { "explain: the context does not load" }
            val traceDiffs = mutableListOf<String>()
            traceShows(case["explain"], Json.parse(engine.explain(flag, context, now)), "explain", traceDiffs)
            check(traceDiffs.isEmpty()) { traceDiffs.joinToString("; ") }
        }
    }

    /**
     * Whether the trace [got] shows every fact of [want] (a case's `explain`), one line per
     * difference in [diffs]: an object's listed members must be present and show their facts
     * (the trace may have more), a list must have as many items, each showing its facts in
     * order, and anything else must be [Json.equal].
     */
    private fun traceShows(want: Any?, got: Any?, path: String, diffs: MutableList<String>) {
        when {
            want is Map<*, *> && got is Map<*, *> -> for ((key, fact) in want) {
                if (!got.containsKey(key)) diffs.add("$path.$key: missing from the trace")
                else traceShows(fact, got[key], "$path.$key", diffs)
            }
            want is List<*> && got is List<*> && want.size == got.size ->
                want.indices.forEach { traceShows(want[it], got[it], "$path[$it]", diffs) }
            !Json.equal(want, got) -> diffs.add("$path: expected ${Json.write(want)}, got ${Json.write(got)}")
        }
    }

    private fun typedGetter(engine: FlagEngine, type: String, flag: String, default: Any?, context: Map<String, ContextValue>, now: Long): Any? =
        when (type) {
            "boolean" -> engine.boolValue(flag, default as? Boolean ?: false, context, now)
            "string" -> engine.stringValue(flag, default as? String ?: "", context, now)
            "number" -> engine.numberValue(flag, (default as? Number)?.toDouble() ?: 0.0, context, now)
            else -> Json.parse(engine.jsonValue(flag, Json.write(default ?: emptyMap<String, Any?>()), context, now))
        }

    private fun checkInvalid(case: Map<*, *>) {
        val text = if (case.containsKey("rulesetText")) case["rulesetText"] as String else Json.write(case["ruleset"])
        val expected = (case["expectErrors"] as? List<*>).orEmpty()
            .map { e -> (e as Map<*, *>).let { it["path"] as String to it["kind"] as String } }.toSet()
        val problems = validateRuleset(text)
        val actual = problems.map { it.path to it.kind.name.lowercase() }.toSet()
        check(actual == expected) { "expected ${expected.sortedBy { it.toString() }}, got ${actual.sortedBy { it.toString() }}" }
        // The exception's message lists the same problems, one `path: message` line each.
        val error = assertThrows<RollgateException.InvalidRuleset> { FlagEngine(text).close() }
        check(error.message == invalidRulesetMessage(problems)) { "message: ${error.message}" }
    }
}
