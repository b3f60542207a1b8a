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
 * @throws IllegalArgumentException for any other value type, naming the attribute. Nested maps
 *   are not attributes: flatten them, `"address.country" to "FR"` (the message suggests the
 *   flattened names from the map's own keys).
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
    is Map<*, *> -> throw IllegalArgumentException(
        "context attribute \"$name\" is a map; flatten nested attributes, e.g. ${flattened(name, value)}",
    )
    else -> throw IllegalArgumentException(
        "context attribute \"$name\": unsupported type ${value::class.java.name} " +
            "(use strings, numbers, booleans or lists of them)",
    )
}

/** Up to three flattened names from the map's own keys (`"address.country"`), or a pattern. */
private fun flattened(name: String, map: Map<*, *>): String {
    val keys = map.keys.filterIsInstance<String>().take(3)
    return if (keys.isEmpty()) "\"$name.<key>\"" else keys.joinToString(", ") { "\"$name.$it\"" }
}

private fun toScalar(name: String, value: Any): ContextScalar = when (value) {
    is ContextScalar -> value
    is String -> ContextScalar.Text(value)
    is Boolean -> ContextScalar.Bool(value)
    is Number -> ContextScalar.Number(value.toDouble())
    else -> throw IllegalArgumentException(
        "context attribute \"$name\": list elements must be strings, numbers or booleans, " +
            "found ${if (value is Map<*, *>) "a map" else value::class.java.name}",
    )
}
