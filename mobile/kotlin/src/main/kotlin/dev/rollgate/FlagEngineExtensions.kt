package dev.rollgate

import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.FlagEngineInterface
import dev.rollgate.ffi.FlagEvaluation
import dev.rollgate.ffi.FlagValue

/** Largest integer a double holds exactly (2^53): beyond it a flag's number is not a safe Long. */
private const val MAX_SAFE_INTEGER = 9_007_199_254_740_992.0

/**
 * A number flag read as a [Long] (counts, limits, timeouts). Returns [default] on any error, and
 * also when the flag's value is not a whole number or lies beyond ±2^53 (where doubles, and so
 * JSON and JavaScript, stop counting exactly).
 *
 * On the interface, so that generated accessors and test doubles (`FakeFlagEngine`) have it too.
 */
fun FlagEngineInterface.longValue(
    flag: String,
    default: Long,
    context: Map<String, ContextValue> = emptyMap(),
    now: Long? = null,
): Long {
    // Read with a NaN default so "the flag is absent" and "the flag is 0" stay distinguishable.
    val value = numberValue(flag, Double.NaN, context, now)
    return if (!value.isNaN() && value == Math.rint(value) && Math.abs(value) <= MAX_SAFE_INTEGER) {
        value.toLong()
    } else {
        default
    }
}

/**
 * The served value as a plain Kotlin value: `Boolean`, `String`, `Double`, or the JSON text
 * (`String`) of an object flag; `null` on error.
 */
val FlagEvaluation.plainValue: Any?
    get() = when (val v = value) {
        is FlagValue.Bool -> v.value
        is FlagValue.Text -> v.value
        is FlagValue.Number -> v.value
        is FlagValue.Json -> v.json
        null -> null
    }
