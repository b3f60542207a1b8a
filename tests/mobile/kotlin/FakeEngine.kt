package dev.rollgate.tests

import dev.rollgate.FakeFlagEngine
import dev.rollgate.contextOf
import dev.rollgate.ffi.ErrorCode
import dev.rollgate.ffi.FlagChangeListener
import dev.rollgate.ffi.FlagEngineInterface
import dev.rollgate.ffi.FlagType
import dev.rollgate.ffi.FlagValue
import dev.rollgate.ffi.Reason
import dev.rollgate.ffi.RollgateException
import dev.rollgate.generated.RollgateFlags
import dev.rollgate.generated.RollgateFlags.CheckoutLayout
import dev.rollgate.longValue
import kotlin.system.exitProcess

/**
 * The wrapper's test double (mobile/kotlin FakeFlagEngine) standing in for the engine under the
 * generated accessors and the wrapper's helpers, as an app's unit test would use it.
 */
object FakeEngine {
    /** Records what the listener hears. */
    private class Recorder : FlagChangeListener {
        val heard = mutableListOf<Pair<ULong, List<String>>>()
        override fun onFlagsChanged(revision: ULong, changedFlags: List<String>) {
            heard.add(revision to changedFlags)
        }
    }

    fun run(results: Results) {
        results.run("fake: stands in for the engine under the generated accessors") {
            val engine = FakeFlagEngine(mapOf("new-checkout" to true, "checkout-layout" to "express", "max-cart-items" to 200))
            val flags = RollgateFlags(engine, contextOf("userId" to "u-42"))
            check(flags.newCheckout)
            check(flags.checkoutLayout == CheckoutLayout.EXPRESS)
            check(flags.maxCartItems == 200L)
            check(!flags.searchV2) // not set: the generated fallback
            check(flags.supportWidget == """{"chat":false,"hours":"09:00-17:00","provider":"helpdesk"}""")
            check(engine.lastContext == contextOf("userId" to "u-42")) { "${engine.lastContext}" }

            engine["checkout-layout"] = "compact"
            check(flags.checkoutLayout == CheckoutLayout.UNKNOWN)
            engine["support-widget"] = FlagValue.Json("""{"chat":true}""")
            check(flags.supportWidget == """{"chat":true}""")
            engine.remove("new-checkout")
            check(!flags.newCheckout)
            engine["new-checkout"] = "yes" // another type: the fallback, as with the engine
            check(!flags.newCheckout)
        }
        results.run("fake: setting a value notifies the listener with the changed keys, once") {
            val engine = FakeFlagEngine(mapOf("a" to true, "b" to 1))
            val recorder = Recorder()
            engine.setListener(recorder)
            check(engine.revision() == 1uL)
            engine.setAll(mapOf("b" to 2, "a" to false, "c" to "new"))
            engine["a"] = false // unchanged: no event
            engine.setAll(mapOf("b" to 2.0)) // 2 and 2.0 are the same number
            engine.remove("c", "missing")
            check(recorder.heard == listOf(2uL to listOf("a", "b", "c"), 3uL to listOf("c"))) { "${recorder.heard}" }
            check(engine.revision() == 3uL)
            engine.setListener(null)
            engine["a"] = true
            check(recorder.heard.size == 2)
        }
        results.run("fake: a listener that throws does not undo the change") {
            val engine = FakeFlagEngine(mapOf("a" to true))
            engine.setListener(object : FlagChangeListener {
                override fun onFlagsChanged(revision: ULong, changedFlags: List<String>) = throw IllegalStateException("app bug")
            })
            engine["a"] = false
            check(!engine.boolValue("a", true))
        }
        results.run("fake: reads and evaluations follow the engine's rules") {
            val engine: FlagEngineInterface = FakeFlagEngine(mapOf(
                "on" to true, "layout" to "B", "ratio" to 0.5, "limit" to 7, "config" to FlagValue.Json("{\"a\":1}"),
            ))
            check(engine.stringValue("layout", "A") == "B" && engine.stringValue("on", "A") == "A")
            check(engine.numberValue("ratio", 0.0) == 0.5 && engine.longValue("limit", 0) == 7L)
            check(engine.longValue("ratio", -1) == -1L) // not whole
            check(engine.jsonValue("config", "{}") == "{\"a\":1}" && engine.jsonValue("missing", "{}") == "{}")
            val on = engine.evaluate("on")
            check(on.value == FlagValue.Bool(true) && on.reason == Reason.STATIC && on.flagType == FlagType.BOOLEAN) { "$on" }
            val missing = engine.evaluate("missing")
            check(missing.reason == Reason.ERROR && missing.errorCode == ErrorCode.FLAG_NOT_FOUND && missing.value == null)
            val mismatch = engine.evaluateTyped("on", FlagType.STRING)
            check(mismatch.errorCode == ErrorCode.TYPE_MISMATCH && mismatch.flagType == FlagType.BOOLEAN) { "$mismatch" }
            check(engine.evaluateAll().keys.toList() == listOf("config", "layout", "limit", "on", "ratio"))
            check(engine.flagKeys() == listOf("config", "layout", "limit", "on", "ratio"))
            check(engine.explainText("layout") == "layout: \"B\" (set in the FakeFlagEngine)") { engine.explainText("layout") }
            check(engine.nextChangeAfter() == null && engine.restoreError() == null)
        }
        results.run("fake: update records the ruleset, or throws the failure set by the test") {
            val engine = FakeFlagEngine(mapOf("a" to true))
            val result = engine.updateBytes("{\"schema\": 1}".toByteArray())
            check(result.revision == 1uL && result.changedFlags.isEmpty() && engine.updates == listOf("{\"schema\": 1}"))
            check(engine.boolValue("a", false)) // values unchanged
            engine.updateFailure = RollgateException.StaleRevision("refused revision 1: older than the current revision 2")
            val thrown = assertThrows<RollgateException.StaleRevision> { engine.update("{}") }
            check(thrown.message == "refused revision 1: older than the current revision 2")
            check(engine.updates.size == 1)
        }
        results.run("fake: the README's test of a checkout title runs") {
            dev.rollgate.readme.checkoutTitleFollowsTheLayoutFlag()
        }
        results.run("fake: an unsupported value type is refused, naming the flag") {
            val error = assertThrows<IllegalArgumentException> { FakeFlagEngine(mapOf("widget" to mapOf("a" to 1))) }
            check(error.message!!.startsWith("FakeFlagEngine: flag 'widget': unsupported value type")) { "${error.message}" }
        }
    }
}

/**
 * Run without the native library (scripts/test-mobile.sh gives it no `jna.library.path`): the
 * fake and the generated accessors are plain Kotlin, usable in an app's JVM unit tests. Any call
 * into the library would fail here with an UnsatisfiedLinkError.
 */
object FakeWithoutNativeLibrary {
    @JvmStatic
    fun main(args: Array<String>) {
        val results = Results("kotlin fake without the native library")
        results.run("fake: the fake and the generated accessors need no native library") {
            val flags = RollgateFlags(FakeFlagEngine(mapOf("checkout-layout" to "single-page", "max-cart-items" to 20)))
            check(flags.checkoutLayout == CheckoutLayout.SINGLE_PAGE && flags.maxCartItems == 20L && !flags.newCheckout)
            check(FakeFlagEngine().evaluate("x").errorCode == ErrorCode.FLAG_NOT_FOUND)
        }
        exitProcess(if (results.summary()) 0 else 1)
    }
}
