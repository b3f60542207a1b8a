package dev.rollgate.tests

import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.FlagValue
import dev.rollgate.ffi.contextFromJson
import kotlin.random.Random

/**
 * Exact numbers across the FFI: random doubles written by Kotlin's own formatter
 * (`Double.toString`, `1.0E25` style) are read by the core as the same doubles, in rulesets and
 * in contexts (typed `ContextValue.Number` and JSON text alike), and the numbers the core writes
 * (object values) read back as the same doubles.
 */
object Numbers {
    /** [count] finite doubles from random bit patterns (subnormals included), deterministic. */
    private fun randomDoubles(count: Int, seed: Int): List<Double> {
        val random = Random(seed)
        return generateSequence { Double.fromBits(random.nextLong()) }.filter { it.isFinite() }.take(count).toList()
    }

    /** Variant `v{k}` of a number flag serves xs[k] when `x` equals it (rule `r{k}`); an object flag holds them all. */
    private fun rulesetOf(xs: List<Double>): String = Json.write(
        mapOf(
            "schema" to 1L, "revision" to 1L,
            "flags" to mapOf(
                "n" to mapOf(
                    "type" to "number",
                    "variants" to xs.withIndex().associate { (k, x) -> "v$k" to x },
                    "default" to "v0",
                    "rules" to xs.mapIndexed { k, x ->
                        mapOf("id" to "r$k", "when" to mapOf("attr" to "x", "op" to "equals", "value" to x), "serve" to "v$k")
                    },
                ),
                "o" to mapOf("type" to "object", "variants" to mapOf("all" to mapOf("xs" to xs)), "default" to "all"),
            ),
        ),
    )

    private fun same(a: Double, b: Double) = a.toRawBits() == b.toRawBits()

    fun run(results: Results) {
        for (seed in 1..3) {
            results.run("numbers: 300 random doubles (seed $seed) read and written exactly") {
                val xs = randomDoubles(300, seed)
                FlagEngine(rulesetOf(xs)).use { engine ->
                    for (x in xs) {
                        val first = xs.indexOfFirst { it == x }
                        for (context in listOf(mapOf("x" to ContextValue.Number(x)), contextFromJson(Json.write(mapOf("x" to x))))) {
                            val r = engine.evaluate("n", context, 0L)
                            check(r.ruleId == "r$first") { "context $x: rule ${r.ruleId}, expected r$first" }
                            val served = (r.value as FlagValue.Number).value
                            check(same(served, xs[first])) { "served $served for ${xs[first]}" }
                        }
                    }
                    val json = (engine.evaluate("o", emptyMap(), 0L).value as FlagValue.Json).json
                    @Suppress("UNCHECKED_CAST")
                    val served = (Json.parse(json) as Map<String, Any?>)["xs"] as List<Any?>
                    xs.forEachIndexed { k, x ->
                        val back = (served[k] as Number).toDouble()
                        check(same(back, x)) { "object value $back (${served[k]}) for $x" }
                    }
                }
            }
        }
    }
}
