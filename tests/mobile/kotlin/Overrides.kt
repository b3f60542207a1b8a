package dev.rollgate.tests

import dev.rollgate.FakeFlagEngine
import dev.rollgate.contextOf
import dev.rollgate.ffi.DroppedOverride
import dev.rollgate.ffi.FlagChangeListener
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.FlagValue
import dev.rollgate.ffi.Reason
import dev.rollgate.ffi.RollgateException
import java.io.File

/**
 * Local overrides through the generated bindings: the forced variant with reason OVERRIDE, seen
 * by dependent flags; errors naming the flag or variant; the listener; updates that drop them;
 * persisted overrides (`FlagEngine.open(..., persistOverrides = true)`) across a restart, and
 * those a restart drops (`droppedOverridesAtOpen`); and the FakeFlagEngine's overrides.
 */
object Overrides {
    private const val RULESET = """{"schema": 1, "revision": 1, "flags": {
        "dark-mode": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"},
        "dark-mode-v2": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "on",
            "offVariant": "off", "prerequisites": [{"flag": "dark-mode", "variants": ["on"]}]},
        "layout": {"type": "string", "variants": {"a": "A", "b": "B"}, "default": "a"}
    }}"""

    private class Recorder : FlagChangeListener {
        val heard = mutableListOf<List<String>>()
        override fun onFlagsChanged(revision: ULong, changedFlags: List<String>) {
            heard.add(changedFlags)
        }
    }

    fun run(results: Results) {
        val user = contextOf("userId" to "u-1")

        results.run("overrides: the forced variant has reason OVERRIDE, and dependent flags see it") {
            FlagEngine(RULESET).use { engine ->
                val recorder = Recorder()
                engine.setListener(recorder)
                check(!engine.boolValue("dark-mode-v2", true, user))
                engine.setOverride("dark-mode", "on")
                val forced = engine.evaluate("dark-mode", user)
                check(forced.reason == Reason.OVERRIDE && forced.variant == "on" && forced.value == FlagValue.Bool(true)) { "$forced" }
                check(engine.boolValue("dark-mode-v2", false, user)) { "the dependent sees the forced variant" }
                check(engine.evaluateAll(user).getValue("layout").reason == Reason.STATIC)
                check(engine.overrides() == mapOf("dark-mode" to "on")) { "${engine.overrides()}" }
                check(recorder.heard == listOf(listOf("dark-mode", "dark-mode-v2"))) { "${recorder.heard}" }
                check(engine.clearOverride("dark-mode"))
                check(!engine.clearOverride("dark-mode"))
                check(engine.evaluate("dark-mode", user).reason == Reason.STATIC)
                check(!engine.clearOverrides())
                check(recorder.heard.size == 2) { "${recorder.heard}" }
            }
        }

        results.run("overrides: an unknown flag or variant throws InvalidOverride naming it; nothing changes") {
            FlagEngine(RULESET).use { engine ->
                engine.setOverride("layout", "b")
                val flag = assertThrows<RollgateException.InvalidOverride> { engine.setOverride("dark-mod", "on") }
                check(flag.message == "cannot override flag \"dark-mod\": no such flag (did you mean \"dark-mode\"?)") { "${flag.message}" }
                val variant = assertThrows<RollgateException.InvalidOverride> { engine.setOverride("layout", "c") }
                check(variant.message == "cannot override flag \"layout\" with variant \"c\": no such variant; its variants: \"a\", \"b\"") { "${variant.message}" }
                check(engine.overrides() == mapOf("layout" to "b"))
                check(engine.stringValue("layout", "?", user) == "B")
            }
        }

        results.run("overrides: an update keeps what it can and reports the dropped ones") {
            FlagEngine(RULESET).use { engine ->
                engine.setOverride("layout", "b")
                engine.setOverride("dark-mode", "on")
                val next = RULESET.replace("\"revision\": 1", "\"revision\": 2")
                    .replace("\"variants\": {\"a\": \"A\", \"b\": \"B\"}", "\"variants\": {\"a\": \"A\", \"c\": \"C\"}")
                val result = engine.update(next)
                check(result.droppedOverrides == listOf(DroppedOverride("layout", "b", "VARIANT_REMOVED"))) { "${result.droppedOverrides}" }
                check("layout" in result.changedFlags) { "${result.changedFlags}" }
                check(engine.overrides() == mapOf("dark-mode" to "on"))
                check(engine.evaluate("dark-mode", user).reason == Reason.OVERRIDE)
            }
        }

        results.run("overrides: persisted when the app asks, back after a restart, minus what the ruleset lost, reported at open") {
            withTempDir { dir ->
                val path = File(dir, "rollgate/ruleset.json")
                val file = File(dir, "rollgate/ruleset.overrides.json")
                FlagEngine.open(path.path, RULESET, persistOverrides = true).use { engine ->
                    engine.setOverride("dark-mode", "on")
                    engine.setOverride("layout", "b")
                    check(file.readText() == "{\"v\":1,\"overrides\":{\"dark-mode\":\"on\",\"layout\":\"b\"}}") { file.readText() }
                }
                FlagEngine.open(path.path, RULESET, persistOverrides = true).use { restarted ->
                    check(restarted.overrides() == mapOf("dark-mode" to "on", "layout" to "b")) { "${restarted.overrides()}" }
                    check(restarted.boolValue("dark-mode-v2", false, user)) { "the dependent sees the restored override" }
                    check(restarted.overridesError() == null)
                    check(restarted.droppedOverridesAtOpen().isEmpty()) { "${restarted.droppedOverridesAtOpen()}" }
                }
                // Off by default: the same file is neither read nor written.
                FlagEngine.open(path.path, RULESET).use { plain ->
                    check(plain.overrides().isEmpty()) { "${plain.overrides()}" }
                    plain.setOverride("layout", "a")
                }
                check(file.readText().contains("\"layout\":\"b\""))
                FlagEngine.open(path.path, RULESET, persistOverrides = true).use { it.setOverride("dark-mode-v2", "off") }
                // A newer bundled ruleset without variant "b" nor flag "dark-mode-v2": those
                // overrides are dropped at start, reported, and gone from the file.
                val next = """{"schema": 1, "revision": 2, "flags": {
                    "dark-mode": {"type": "boolean", "variants": {"on": true, "off": false}, "default": "off"},
                    "layout": {"type": "string", "variants": {"a": "A"}, "default": "a"}
                }}"""
                FlagEngine.open(path.path, next, persistOverrides = true).use { upgraded ->
                    check(upgraded.revision() == 2UL)
                    check(upgraded.overrides() == mapOf("dark-mode" to "on")) { "${upgraded.overrides()}" }
                    val dropped = upgraded.droppedOverridesAtOpen()
                    check(dropped == listOf(
                        DroppedOverride("dark-mode-v2", "off", "FLAG_REMOVED"),
                        DroppedOverride("layout", "b", "VARIANT_REMOVED"),
                    )) { "$dropped" }
                    check(file.readText() == "{\"v\":1,\"overrides\":{\"dark-mode\":\"on\"}}") { file.readText() }
                    check(upgraded.overridesError() == null)
                }
                // Reported by the open that dropped them only: the next start has nothing to drop.
                FlagEngine.open(path.path, next, persistOverrides = true).use { again ->
                    check(again.droppedOverridesAtOpen().isEmpty()) { "${again.droppedOverridesAtOpen()}" }
                    check(again.overrides() == mapOf("dark-mode" to "on")) { "${again.overrides()}" }
                    check(again.clearOverrides())
                }
                check(!file.exists()) { "no override left: the file is removed" }
                FlagEngine.open(path.path).use { check(it.droppedOverridesAtOpen().isEmpty()) }
            }
        }

        results.run("overrides: a corrupt overrides file is ignored and reported, never fatal") {
            withTempDir { dir ->
                val path = File(dir, "ruleset.json")
                val file = File(dir, "ruleset.overrides.json")
                file.writeText("{\"v\": 1, \"overrides\": {\"layout\": ")
                FlagEngine.open(path.path, RULESET, persistOverrides = true).use { engine ->
                    check(engine.overrides().isEmpty())
                    val error = engine.overridesError()
                    check(error != null && error.startsWith("ignored the persisted overrides at ${file.path}: not JSON")) { "$error" }
                    check(engine.stringValue("layout", "?", user) == "A")
                    engine.setOverride("layout", "b") // replaces the corrupt file
                    check(engine.overridesError() == null)
                }
                FlagEngine.open(path.path, RULESET, persistOverrides = true).use { check(it.overrides() == mapOf("layout" to "b")) }
                check(FakeFlagEngine().overridesError() == null)
                check(FakeFlagEngine().droppedOverridesAtOpen().isEmpty())
            }
        }

        results.run("overrides: the FakeFlagEngine forces variants named after its values") {
            val fake = FakeFlagEngine(mapOf("dark-mode" to false, "layout" to "a", "limit" to 5))
            val recorder = Recorder()
            fake.setListener(recorder)
            fake.setOverride("dark-mode", "true")
            fake.setOverride("limit", "50")
            check(fake.boolValue("dark-mode", false, user))
            check(fake.numberValue("limit", 0.0, user) == 50.0)
            val details = fake.evaluate("limit", user)
            check(details.reason == Reason.OVERRIDE && details.variant == "50") { "$details" }
            check(fake.evaluateAll(user).getValue("dark-mode").reason == Reason.OVERRIDE)
            check(fake.overrides() == mapOf("dark-mode" to "true", "limit" to "50"))
            assertThrows<RollgateException.InvalidOverride> { fake.setOverride("dark-mode", "yes") }
            assertThrows<RollgateException.InvalidOverride> { fake.setOverride("missing", "on") }
            check(fake.clearOverrides())
            check(!fake.boolValue("dark-mode", true, user))
            check(recorder.heard == listOf(listOf("dark-mode"), listOf("limit"), listOf("dark-mode", "limit"))) { "${recorder.heard}" }
        }
    }
}
