package dev.rollgate.tests

import dev.rollgate.contextOf
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.FlagValue
import dev.rollgate.generated.RollgateFlags
import dev.rollgate.generated.RollgateFlags.CheckoutLayout
import dev.rollgate.toRollgateContext
import com.acme.shop.flags.RollgateFlags as ShopFlags
import java.io.File

/**
 * The Kotlin that `rollgate codegen --lang kotlin` writes for examples/flags.json
 * (scripts/test-mobile.sh generates it into the build and compiles it with these tests), read
 * through the real engine: typed values for known contexts, the same answers as the untyped
 * getters for every user of examples/users.jsonl, fallbacks, and unknown string values; and the
 * Kotlin it writes for examples/project (package com.acme.shop.flags) over that project's builds.
 */
object Codegen {
    private val EXAMPLE = File("examples/flags.json") // run from the repository root

    /** 2026-12-04T00:00:00Z: the search-v2 ramp is at 5%. */
    private const val DEC_4 = 1_796_342_400_000L

    /** 2026-12-16T00:00:00Z: the search-v2 ramp is at 100%. */
    private const val DEC_16 = 1_797_379_200_000L

    /** Equal as JSON: the engine keeps an object's members in the ruleset's order. */
    private fun sameJson(a: String, b: String) = Json.equal(Json.parse(a), Json.parse(b))

    fun run(results: Results) {
        results.run("codegen: typed values for known contexts") {
            FlagEngine(EXAMPLE.readText()).use { engine ->
                // Values the CLI gives for the same contexts (docs/codegen.md).
                val layouts = listOf("u-1", "u-2", "u-3").map {
                    RollgateFlags(engine, contextOf("userId" to it), DEC_4).checkoutLayout
                }
                check(layouts == listOf(CheckoutLayout.SINGLE_PAGE, CheckoutLayout.CLASSIC, CheckoutLayout.EXPRESS)) { "$layouts" }
                check(layouts.map { it.value } == listOf("single-page", "classic", "express"))

                val oldProUser = RollgateFlags(
                    engine,
                    contextOf("userId" to "u-1", "plan" to "pro", "appVersion" to "2.1.0", "platform" to "ios"),
                    DEC_16,
                )
                check(!oldProUser.newCheckout) // old-apps rule
                check(oldProUser.maxCartItems == 20L) // very-old-apps rule
                check(oldProUser.searchV2) // the ramp is at 100%
                check(!oldProUser.paymentsV3) // killed
                check(oldProUser.darkMode && oldProUser.darkModeV2)
                check(sameJson(oldProUser.supportWidget, """{"chat":true,"hours":"24x7","provider":"helpdesk","queue":"priority"}""")) {
                    oldProUser.supportWidget
                }

                val enterprise = RollgateFlags(engine, contextOf("userId" to "u-9", "plan" to "enterprise", "appVersion" to "2.4.0"), DEC_4)
                check(enterprise.maxCartItems == 200L)
                val tester = RollgateFlags(engine, contextOf("userId" to "u-9", "email" to "qa@acme.com", "appVersion" to "2.4.0"), DEC_4)
                check(tester.newCheckout) // beta-testers segment
                check(!RollgateFlags(engine, contextOf("userId" to "u-9"), DEC_4 - 4 * 86_400_000L).searchV2) // before the ramp
            }
        }
        results.run("codegen: every property agrees with the untyped getters for 1,000 users") {
            val users = File("examples/users.jsonl").readLines().filter { it.isNotBlank() }
            check(users.size == 1000) { "${users.size} users" }
            FlagEngine(EXAMPLE.readText()).use { engine ->
                for (line in users) {
                    @Suppress("UNCHECKED_CAST")
                    val context = (Json.parse(line) as Map<String, Any?>).toRollgateContext()
                    val flags = RollgateFlags(engine, context, DEC_4)
                    fun text(flag: String) = (engine.evaluate(flag, context, DEC_4).value as FlagValue.Text).value
                    fun bool(flag: String) = (engine.evaluate(flag, context, DEC_4).value as FlagValue.Bool).value
                    fun number(flag: String) = (engine.evaluate(flag, context, DEC_4).value as FlagValue.Number).value
                    fun json(flag: String) = (engine.evaluate(flag, context, DEC_4).value as FlagValue.Json).json
                    check(flags.checkoutLayout.value == text("checkout-layout")) { line }
                    check(flags.checkoutLayout != CheckoutLayout.UNKNOWN) { line }
                    check(flags.newCheckout == bool("new-checkout")) { line }
                    check(flags.darkMode == bool("dark-mode") && flags.darkModeV2 == bool("dark-mode-v2")) { line }
                    check(flags.searchV2 == bool("search-v2") && flags.paymentsV3 == bool("payments-v3")) { line }
                    check(flags.maxCartItems.toDouble() == number("max-cart-items")) { line }
                    check(flags.supportWidget == json("support-widget")) { line }
                }
            }
        }
        results.run("codegen: a ruleset without the flags gives the generated fallbacks") {
            FlagEngine.empty().use { engine ->
                val flags = RollgateFlags(engine)
                check(!flags.newCheckout && !flags.searchV2)
                check(flags.checkoutLayout == CheckoutLayout.CLASSIC) // the default variant, A
                check(flags.maxCartItems == 50L) // standard
                check(flags.supportWidget == """{"chat":false,"hours":"09:00-17:00","provider":"helpdesk"}""") // as generated
            }
        }
        results.run("codegen: a value added after generation reads as UNKNOWN, another type as the fallback") {
            val ruleset = """{"schema": 1, "revision": 2, "flags": {
                "checkout-layout": {"type": "string", "variants": {"D": "compact"}, "default": "D"},
                "max-cart-items": {"type": "number", "variants": {"half": 2.5}, "default": "half"},
                "new-checkout": {"type": "string", "variants": {"on": "true"}, "default": "on"}}}"""
            FlagEngine(ruleset).use { engine ->
                val flags = RollgateFlags(engine)
                check(flags.checkoutLayout == CheckoutLayout.UNKNOWN && flags.checkoutLayout.value == null)
                check(flags.maxCartItems == 50L) // 2.5 is not a whole number
                check(!flags.newCheckout) // a string flag now: the boolean fallback
            }
            check(CheckoutLayout.of("express") == CheckoutLayout.EXPRESS)
            check(CheckoutLayout.of("") == CheckoutLayout.UNKNOWN)
        }
        results.run("codegen: the edge cases' Kotlin compiles and reads escaped keys") {
            // tests/codegen/edge.json, generated with --package dev.rollgate.generated.edge.
            FlagEngine(File("tests/codegen/edge.json").readText()).use { engine ->
                val edge = dev.rollgate.generated.edge.RollgateFlags(engine)
                check(edge.`in` && !edge.contextFlag && !edge._2faLogin)
                check(edge.layout == dev.rollgate.generated.edge.RollgateFlags.Layout.SINGLE_PAGE) { "${edge.layout}" }
                check(edge.quoteD == "\$x") { edge.quoteD }
                check(edge.string.value == "x-ray") { "${edge.string}" }
                check(edge.limit == -3L && edge.ratio == 1.0) { "${edge.limit} ${edge.ratio}" }
                // What the engine reads for 1e300 (its JSON number reader is not exact yet).
                check(edge.big == engine.numberValue("big", 0.0) && edge.big > 9.99e299) { "${edge.big}" }
                check(edge.empty == "{}")
                check(sameJson(edge.config, """{"endpoint":"/api/v1","my-key":null,"nested":{"deep":true},"retries":3,"tags":[]}""")) { edge.config }
            }
        }
        results.run("codegen: the example project's accessors (com.acme.shop.flags) over its client builds") {
            // scripts/test-mobile.sh generates them as examples/project/rollgate.yaml's codegen
            // section says and builds the project with --client into this directory.
            val dist = File(System.getProperty("rollgate.projectDist") ?: error("-Drollgate.projectDist is not set"))
            // docs/projects.md's user between production's 10% and staging's 50%.
            val user = contextOf("userId" to "u-00010", "platform" to "ios", "appVersion" to "2.5.0")
            val newCheckout = listOf("production", "staging").map { environment ->
                FlagEngine(File(dist, "$environment.json").readText()).use { engine ->
                    ShopFlags(engine, user, DEC_4).newCheckout
                }
            }
            check(newCheckout == listOf(false, true)) { "$newCheckout" }
            FlagEngine(File(dist, "production.json").readText()).use { engine ->
                // flags/network.yaml: slow networks get 15 s.
                for ((country, expected) in listOf("BR" to 15_000L, "DE" to 8_000L)) {
                    val context = contextOf("userId" to "u-00010", "country" to country)
                    val timeout = ShopFlags(engine, context, DEC_4).apiTimeoutMs
                    check(timeout == expected) { "$country: $timeout" }
                    check(timeout == engine.numberValue("api-timeout-ms", 0.0, context, DEC_4).toLong()) { "$country: $timeout" }
                }
            }
        }
    }
}
