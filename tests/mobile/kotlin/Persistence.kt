package dev.rollgate.tests

import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.FlagChangeListener
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.RollgateException
import java.io.File
import java.util.Collections

/** Persistence and the change listener (a Kotlin callback called from Rust). */
object Persistence {
    class Recorder : FlagChangeListener {
        val calls: MutableList<Pair<ULong, List<String>>> = Collections.synchronizedList(mutableListOf())
        override fun onFlagsChanged(revision: ULong, changedFlags: List<String>) {
            calls.add(revision to changedFlags)
        }
    }

    fun run(results: Results) {
        results.run("persistence: persists and restores") {
            withTempDir { dir ->
                val path = File(dir, "flags/ruleset.json")
                FlagEngine.open(path.path).use { engine ->
                    check(engine.revision() == 0UL && engine.restoreError() == null)
                    engine.update(Fixtures.ruleset(4))
                    check(path.readText() == Fixtures.ruleset(4))
                    engine.update(Fixtures.ruleset(9, checkoutPercent = 0))
                    assertThrows<RollgateException.InvalidRuleset> { engine.update("{broken") }
                    check(path.parentFile.list()!!.toList() == listOf("ruleset.json")) { "temp files left: ${path.parentFile.list()!!.toList()}" }
                }
                FlagEngine.open(path.path).use { restarted ->
                    check(restarted.revision() == 9UL)
                    check(!restarted.boolValue("new-checkout", true, mapOf("userId" to ContextValue.Text("u")), 0))
                }
                FlagEngine.open(path.path, Fixtures.ruleset(3)).use { check(it.revision() == 9UL) }
                FlagEngine.open(path.path, Fixtures.ruleset(10)).use { check(it.revision() == 10UL) }
            }
        }
        results.run("persistence: a corrupt file is ignored and reported") {
            withTempDir { dir ->
                val path = File(dir, "ruleset.json")
                path.writeText("{\"schema\": 1, \"revision\": 5, \"flags\": {")
                FlagEngine.open(path.path, Fixtures.ruleset(2)).use { engine ->
                    check(engine.revision() == 2UL)
                    check(engine.restoreError()!!.contains("ignored the persisted ruleset")) { "${engine.restoreError()}" }
                }
            }
        }
        results.run("listener: hears changed flags; a throwing listener cannot break updates") {
            FlagEngine(Fixtures.ruleset(1)).use { engine ->
                val recorder = Recorder()
                engine.setListener(recorder)
                engine.update(Fixtures.ruleset(2))
                engine.update(Fixtures.ruleset(3, checkoutPercent = 50, layoutDefault = "B"))
                engine.update(Fixtures.ruleset(3, checkoutPercent = 50, layoutDefault = "B"))
                check(recorder.calls == listOf(2UL to listOf("rev-marker"), 3UL to listOf("layout", "new-checkout", "rev-marker"))) { "${recorder.calls}" }
                engine.setListener(object : FlagChangeListener {
                    override fun onFlagsChanged(revision: ULong, changedFlags: List<String>) {
                        throw IllegalStateException("app bug in a listener")
                    }
                })
                check(engine.update(Fixtures.ruleset(4, checkoutPercent = 50, layoutDefault = "B")).changedFlags == listOf("rev-marker"))
                check(engine.revision() == 4UL)
                engine.setListener(null)
                engine.update(Fixtures.ruleset(5))
                check(recorder.calls.size == 2)
            }
        }
    }
}
