package dev.rollgate.tests

import dev.rollgate.AppInfo
import dev.rollgate.Attributes
import dev.rollgate.contextOf
import dev.rollgate.ffi.ContextScalar
import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.longValue
import dev.rollgate.plainValue

/** The hand-written Kotlin wrapper (mobile/kotlin): contexts, app info, long helper. */
object Wrapper {
    fun run(results: Results) {
        results.run("wrapper: contextOf converts plain values and drops nulls") {
            val ctx = contextOf(
                Attributes.USER_ID to "u1", "age" to 42, "ratio" to 0.5f, "beta" to true,
                "groups" to listOf("a", 1, false), "gone" to null,
            )
            check(ctx == mapOf(
                "userId" to ContextValue.Text("u1"), "age" to ContextValue.Number(42.0),
                "ratio" to ContextValue.Number(0.5), "beta" to ContextValue.Bool(true),
                "groups" to ContextValue.Values(listOf(ContextScalar.Text("a"), ContextScalar.Number(1.0), ContextScalar.Bool(false))),
            )) { "$ctx" }
        }
        results.run("wrapper: contextOf names the attribute of a nested map and its flattened keys") {
            val nested = assertThrows<IllegalArgumentException> { contextOf("address" to mapOf("country" to "FR")) }
            check(nested.message == "context attribute \"address\" is a map; flatten nested attributes, e.g. \"address.country\"") { "${nested.message}" }
            val several = assertThrows<IllegalArgumentException> {
                contextOf("device" to linkedMapOf("os" to "android", "model" to "Pixel", "ram" to 8, "dpi" to 420))
            }
            check(several.message == "context attribute \"device\" is a map; flatten nested attributes, e.g. \"device.os\", \"device.model\", \"device.ram\"") { "${several.message}" }
            val empty = assertThrows<IllegalArgumentException> { contextOf("prefs" to emptyMap<String, Any>()) }
            check(empty.message == "context attribute \"prefs\" is a map; flatten nested attributes, e.g. \"prefs.<key>\"") { "${empty.message}" }
            val inList = assertThrows<IllegalArgumentException> { contextOf("groups" to listOf(mapOf("id" to 1))) }
            check(inList.message == "context attribute \"groups\": list elements must be strings, numbers or booleans, found a map") { "${inList.message}" }
            val other = assertThrows<IllegalArgumentException> { contextOf("when" to java.util.Date(0)) }
            check(other.message == "context attribute \"when\": unsupported type java.util.Date (use strings, numbers, booleans or lists of them)") { "${other.message}" }
        }
        results.run("wrapper: AppInfo fills the documented attributes and gates on app version") {
            val app = AppInfo.android(versionName = "2.2.0", osRelease = "14")
            val ctx = app.toContext(userId = "u1", extra = mapOf("beta" to true))
            check(ctx[Attributes.APP_VERSION] == ContextValue.Text("2.2.0"))
            check(ctx[Attributes.PLATFORM] == ContextValue.Text("android"))
            check(ctx[Attributes.OS_VERSION] == ContextValue.Text("14"))
            check(Attributes.DEVICE_ID !in ctx && ctx["beta"] == ContextValue.Bool(true))
            FlagEngine(Fixtures.ruleset(1)).use { engine ->
                check(!engine.boolValue("new-checkout", true, ctx, 0)) // 2.2.0 < 2.3.0: old-apps rule
                check(engine.boolValue("new-checkout", false, app.copy(appVersion = "2.4.0").toContext(userId = "u1"), 0))
                check(engine.evaluate("new-checkout", ctx, 0).plainValue == false)
            }
        }
        results.run("wrapper: longValue") {
            val fractional = mapOf("frac" to mapOf("type" to "number", "variants" to mapOf("v" to 2.5), "default" to "v"),
                "huge" to mapOf("type" to "number", "variants" to mapOf("v" to 1e300), "default" to "v"))
            FlagEngine(Fixtures.ruleset(1, extraFlags = fractional)).use { engine ->
                check(engine.longValue("max-items", -1, now = 0) == 3L)
                check(engine.longValue("frac", -1) == -1L)
                check(engine.longValue("huge", -1) == -1L)
                check(engine.longValue("missing", 9) == 9L)
                check(engine.longValue("layout", 9) == 9L)
            }
        }
    }
}
