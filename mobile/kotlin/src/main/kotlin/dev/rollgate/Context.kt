package dev.rollgate

import dev.rollgate.ffi.ContextScalar
import dev.rollgate.ffi.ContextValue

/**
 * Builds an evaluation context from plain Kotlin values:
 * `contextOf(Attributes.USER_ID to "u-42", "beta" to true, "groups" to listOf("staff"))`.
 *
 * Strings, numbers, booleans and collections of those are accepted; `null` values are left out
 * (an absent attribute), as in every other Rollgate binding.
 *
 * @throws IllegalArgumentException for any other value type (nested maps included: flatten
 *   them, `"address.country" to "FR"`).
 */
fun contextOf(vararg attributes: Pair<String, Any?>): Map<String, ContextValue> =
    attributes.toMap().toRollgateContext()

/** [contextOf] for an existing map. */
fun Map<String, Any?>.toRollgateContext(): Map<String, ContextValue> {
    val out = LinkedHashMap<String, ContextValue>(size)
    for ((name, value) in this) {
        if (value != null) out[name] = toContextValue(name, value)
    }
    return out
}

private fun toContextValue(name: String, value: Any): ContextValue = when (value) {
    is ContextValue -> value
    is String -> ContextValue.Text(value)
    is Boolean -> ContextValue.Bool(value)
    is Number -> ContextValue.Number(value.toDouble())
    is Iterable<*> -> ContextValue.Values(value.filterNotNull().map { toScalar(name, it) })
    is Array<*> -> ContextValue.Values(value.filterNotNull().map { toScalar(name, it) })
    else -> throw IllegalArgumentException(
        "context attribute '$name': unsupported type ${value::class.java.name}",
    )
}

private fun toScalar(name: String, value: Any): ContextScalar = when (value) {
    is ContextScalar -> value
    is String -> ContextScalar.Text(value)
    is Boolean -> ContextScalar.Bool(value)
    is Number -> ContextScalar.Number(value.toDouble())
    else -> throw IllegalArgumentException(
        "context attribute '$name': list elements must be strings, numbers or booleans, " +
            "found ${value::class.java.name}",
    )
}
