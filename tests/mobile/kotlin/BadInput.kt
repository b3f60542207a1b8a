package dev.rollgate.tests

import dev.rollgate.ffi.ContextScalar
import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.ErrorCode
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.FlagType
import dev.rollgate.ffi.FlagValue
import dev.rollgate.ffi.Reason
import dev.rollgate.ffi.RollgateException
import dev.rollgate.ffi.contextFromJson
import dev.rollgate.ffi.validateRuleset

/** Bad input through the FFI: errors, never crashes (mirrors tests/mobile/python/bad_input.py). */
object BadInput {
    private val USER = mapOf("userId" to ContextValue.Text("u1"), "appVersion" to ContextValue.Text("2.4.0"))

    /**
     * [block] throws `InvalidRuleset` for [text]; its message lists the problems `validateRuleset`
     * gives, which are returned as (path, kind) pairs.
     */
    private fun invalid(text: String, block: () -> Unit): Set<Pair<String, String>> {
        val e = assertThrows<RollgateException.InvalidRuleset> { block() }
        val problems = validateRuleset(text)
        check(problems.isNotEmpty()) { "no problems listed" }
        check(e.message == invalidRulesetMessage(problems)) { "message: ${e.message}" }
        return problems.map { it.path to it.kind.name.lowercase() }.toSet()
    }

    private fun invalid(text: String): Set<Pair<String, String>> = invalid(text) { FlagEngine(text) }

    fun run(results: Results) {
        results.run("bad input: invalid JSON") {
            val kinds = invalid("{\"schema\": 1, \"flags\": {")
            check(kinds.map { it.second }.toSet() == setOf("syntax")) { "$kinds" }
            invalid("")
            invalid("[]")
        }
        results.run("bad input: invalid ruleset lists every problem") {
            val text = Fixtures.ruleset(1)
                .replace("\"default\":\"A\"", "\"default\":\"Z\",\"colour\":1")
                .replace("\"op\":\"semver\"", "\"op\":\"semverish\"")
            val kinds = invalid(text)
            check(("flags.layout.colour" to "unknown_field") in kinds) { "$kinds" }
            check(("flags.layout.default" to "unknown_variant") in kinds) { "$kinds" }
            check(("flags.new-checkout.rules[0].when.op" to "unknown_operator") in kinds) { "$kinds" }
        }
        results.run("bad input: invalid UTF-8 bytes") {
            val e = assertThrows<RollgateException.InvalidRuleset> {
                FlagEngine.fromBytes(byteArrayOf('{'.code.toByte(), 0xff.toByte(), 0xfe.toByte()))
            }
            check(e.message!!.startsWith("invalid ruleset (1 problem)\n  ") && e.message!!.contains("UTF-8")) { "${e.message}" }
            FlagEngine.fromBytes(Fixtures.ruleset(3).toByteArray()).use { check(it.revision() == 3UL) }
        }
        results.run("bad input: unknown flag") {
            FlagEngine(Fixtures.ruleset(1)).use { engine ->
                val r = engine.evaluate("no-such-flag", USER, 0)
                check(r.reason == Reason.ERROR && r.errorCode == ErrorCode.FLAG_NOT_FOUND && r.value == null) { "$r" }
                check(engine.boolValue("no-such-flag", true, USER, 0))
                check(engine.stringValue("no-such-flag", "d", USER, 0) == "d")
                check(engine.numberValue("no-such-flag", 7.5, USER, 0) == 7.5)
                check(engine.jsonValue("no-such-flag", "{\"d\":1}", USER, 0) == "{\"d\":1}")
                check(engine.explain("no-such-flag", USER, 0).contains("FLAG_NOT_FOUND"))
            }
        }
        results.run("bad input: wrong types") {
            FlagEngine(Fixtures.ruleset(1)).use { engine ->
                check(engine.boolValue("layout", true, USER, 0))
                check(engine.stringValue("new-checkout", "x", USER, 0) == "x")
                check(engine.numberValue("theme", -1.0, USER, 0) == -1.0)
                check(engine.jsonValue("max-items", "{}", USER, 0) == "{}")
                val r = engine.evaluateTyped("layout", FlagType.BOOLEAN, USER, 0)
                check(r.errorCode == ErrorCode.TYPE_MISMATCH && r.flagType == FlagType.STRING) { "$r" }
                check(engine.boolValue("new-checkout", false, USER, 0))
                check(engine.stringValue("layout", "x", USER, 0) == "a")
                check(engine.numberValue("max-items", 0.0, USER, 0) == 3.0)
                check(Json.parse(engine.jsonValue("theme", "{}", USER, 0)) == mapOf("bg" to "#000"))
            }
        }
        results.run("bad input: non-finite numbers and nested objects in contexts") {
            FlagEngine(Fixtures.ruleset(1)).use { engine ->
                for (bad in listOf(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)) {
                    val ctx = mapOf("userId" to ContextValue.Number(bad))
                    val r = engine.evaluate("new-checkout", ctx, 0)
                    check(r.errorCode == ErrorCode.INVALID_CONTEXT && r.errorMessage!!.contains("finite")) { "$r" }
                    check(engine.boolValue("new-checkout", true, ctx, 0))
                    val e = assertThrows<RollgateException.InvalidContext> { engine.evaluateAll(ctx, 0) }
                    val shown = if (bad.isNaN()) "NaN" else if (bad > 0) "Infinity" else "-Infinity"
                    check(e.message == "invalid context: context.userId: numbers must be finite, found $shown") { "${e.message}" }
                    check(r.errorMessage == "context.userId: numbers must be finite, found $shown") { "$r" }
                    val listed = mapOf("groups" to ContextValue.Values(listOf(ContextScalar.Number(bad))))
                    val inList = engine.evaluate("layout", listed, 0)
                    check(inList.errorCode == ErrorCode.INVALID_CONTEXT && inList.errorMessage!!.startsWith("context.groups[0]: ")) { "$inList" }
                }
                val e = assertThrows<RollgateException.InvalidContext> { contextFromJson("{\"address\": {\"country\": \"FR\"}}") }
                check(e.message == "invalid context: context.address: nested objects are not supported; flatten them (\"address.country\")") { "${e.message}" }
            }
        }
        results.run("bad input: huge inputs") {
            FlagEngine(Fixtures.ruleset(1)).use { engine ->
                val big = "{\"schema\":1,\"revision\":2,\"flags\":{},\"\$pad\":\"" + "x".repeat(17 * 1024 * 1024) + "\"}"
                val kinds = invalid(big) { engine.update(big) }
                check(kinds.map { it.second }.toSet() == setOf("limit_exceeded")) { "$kinds" }
                check(engine.revision() == 1UL)
                invalid("[".repeat(200_000))
                val ctx = USER + mapOf(
                    "blob" to ContextValue.Text("y".repeat(5_000_000)),
                    "groups" to ContextValue.Values((0 until 100_000).map { ContextScalar.Text("g$it") }),
                )
                check(engine.boolValue("new-checkout", false, ctx, 0))
                check(engine.evaluate("k".repeat(1_000_000), ctx, 0).errorCode == ErrorCode.FLAG_NOT_FOUND)
                val many = (0 until 5000).associate { "f$it" to mapOf("type" to "boolean", "variants" to mapOf("on" to true), "default" to "on") }
                engine.update(Fixtures.ruleset(2, extraFlags = many))
                check(engine.evaluateAll(USER, 0).size == 5005)
            }
        }
        results.run("bad input: failed updates keep the last good ruleset") {
            FlagEngine(Fixtures.ruleset(5)).use { engine ->
                for (bad in listOf("{", "{\"schema\":1,\"revision\":6,\"flags\":{\"x\":{\"type\":\"nope\"}}}")) {
                    invalid(bad) { engine.update(bad) }
                    check(engine.revision() == 5UL && engine.numberValue("rev-marker", 0.0, USER, 0) == 5.0)
                }
                val stale = assertThrows<RollgateException.StaleRevision> { engine.update(Fixtures.ruleset(4)) }
                check(stale.message == "refused revision 4: older than the current revision 5") { "${stale.message}" }
                check(engine.numberValue("rev-marker", 0.0, USER, 0) == 5.0)
                val e = assertThrows<RollgateException.InvalidRuleset> { engine.updateBytes(byteArrayOf(0xc3.toByte(), 0x28)) }
                check(e.message!!.startsWith("invalid ruleset (1 problem)\n  ") && e.message!!.contains("UTF-8")) { "${e.message}" }
                check(engine.revision() == 5UL)
            }
        }
        results.run("api: empty engine, evaluate, evaluateAll, explain, defaults") {
            FlagEngine.empty().use { engine ->
                check(engine.revision() == 0UL && engine.flagKeys().isEmpty())
                check(engine.boolValue("anything", true)) // default context and device clock
                val u = engine.update(Fixtures.ruleset(1))
                check(u.previousRevision == 0UL && u.revision == 1UL && u.persistError == null)
                check(u.changedFlags == engine.flagKeys() && engine.flagKeys().size == 5) { "${u.changedFlags}" }
                val r = engine.evaluate("new-checkout", USER, 0)
                check(r.reason == Reason.SPLIT && r.ruleId == "all" && r.variant == "on" && r.value == FlagValue.Bool(true)) { "$r" }
                check(Json.parse(r.metadataJson) == mapOf("owner" to "payments"))
                val all = engine.evaluateAll(USER, 0)
                check(all.keys == engine.flagKeys().toSet() && all["layout"]!!.value == FlagValue.Text("a"))
                check(engine.explainText("new-checkout", USER, 0).contains("old-apps"))
                @Suppress("UNCHECKED_CAST")
                val explained = Json.parse(engine.explain("new-checkout", USER, 0)) as Map<String, Any?>
                check(explained["flag"] == "new-checkout")
            }
        }
    }
}
