package dev.rollgate

import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.DroppedOverride
import dev.rollgate.ffi.ErrorCode
import dev.rollgate.ffi.FlagChangeListener
import dev.rollgate.ffi.FlagEngineInterface
import dev.rollgate.ffi.FlagEvaluation
import dev.rollgate.ffi.FlagType
import dev.rollgate.ffi.FlagValue
import dev.rollgate.ffi.Reason
import dev.rollgate.ffi.RollgateException
import dev.rollgate.ffi.UpdateResult

/**
 * A test double of the engine: it serves the values a test sets, for every context, with no
 * ruleset and no native library. It implements [FlagEngineInterface], the type app code and the
 * generated `RollgateFlags` take, so it stands in wherever the engine does:
 *
 * ```
 * val engine = FakeFlagEngine(mapOf("new-checkout" to true, "checkout-layout" to "express"))
 * engine["new-checkout"] = false // the listener hears ["new-checkout"]
 * ```
 *
 * Values are `Boolean`, `String`, any `Number` (read as a double) or a [FlagValue] (use
 * `FlagValue.Json(json)` for an object flag). Reads follow the engine's rules: a flag that is
 * not set, or is read as another type, gives the caller's default (and `evaluate` an `ERROR`
 * result with `FLAG_NOT_FOUND` or `TYPE_MISMATCH`). A set flag evaluates with reason `STATIC`
 * and no variant. Everything is synchronous and thread-safe.
 *
 * [update] and [updateBytes] parse nothing: they record the ruleset (see [updates]) and succeed
 * without changing any value, or throw [updateFailure] when it is set.
 */
class FakeFlagEngine(values: Map<String, Any> = emptyMap()) : FlagEngineInterface {
    private val lock = Any()
    private val values = LinkedHashMap<String, FlagValue>()
    private var listener: FlagChangeListener? = null
    private var revision: ULong = 1uL
    private val updatesReceived = mutableListOf<String>()
    private var context: Map<String, ContextValue>? = null
    // Local overrides: flag -> (variant, the value it serves).
    private val forced = LinkedHashMap<String, Pair<String, FlagValue>>()

    init {
        for ((flag, value) in values) this.values[flag] = flagValue(flag, value)
    }

    /** What [update] and [updateBytes] throw instead of succeeding, while it is set. */
    @Volatile
    var updateFailure: RollgateException? = null

    /** Every ruleset text given to [update] or [updateBytes], oldest first. */
    val updates: List<String>
        get() = synchronized(lock) { updatesReceived.toList() }

    /** The context of the most recent read (`null` before any): what the app evaluated for. */
    val lastContext: Map<String, ContextValue>?
        get() = synchronized(lock) { context }

    /** The value of [flag] as set, or `null` when it is not set. */
    operator fun get(flag: String): FlagValue? = synchronized(lock) { values[flag] }

    /** Sets one flag; see [setAll]. */
    operator fun set(flag: String, value: Any) = setAll(mapOf(flag to value))

    /**
     * Sets flags (adding any not set yet). When a value really changes, the revision goes up by
     * one and the listener hears the changed keys, sorted, on this thread, as after an update.
     */
    fun setAll(changes: Map<String, Any>) {
        val converted = changes.mapValues { (flag, value) -> flagValue(flag, value) }
        change { current -> converted.filter { (flag, value) -> current.put(flag, value) != value }.keys }
    }

    /** Unsets flags: reads give the caller's default again. The listener hears it as for [setAll]. */
    fun remove(vararg flags: String) {
        change { current -> flags.filter { current.remove(it) != null }.toSet() }
    }

    private fun change(apply: (MutableMap<String, FlagValue>) -> Set<String>) {
        val (changed, notify, newRevision) = synchronized(lock) {
            val changed = apply(values).sorted()
            if (changed.isNotEmpty()) revision += 1uL
            Triple(changed, listener, revision)
        }
        if (changed.isEmpty() || notify == null) return
        // As the engine does: the listener is app code, and its failure cannot undo the change.
        try {
            notify.onFlagsChanged(newRevision, changed)
        } catch (_: Exception) {
        }
    }

    private fun read(flag: String, context: Map<String, ContextValue>): FlagValue? =
        synchronized(lock) {
            this.context = context
            forced[flag]?.second ?: values[flag]
        }

    /** [evaluation] of [flag] as an override serves it: its variant, reason `OVERRIDE`. */
    private fun overridden(flag: String, evaluation: FlagEvaluation): FlagEvaluation {
        val variant = synchronized(lock) { forced[flag]?.first } ?: return evaluation
        return if (evaluation.errorCode == null) evaluation.copy(variant = variant, reason = Reason.OVERRIDE) else evaluation
    }

    /**
     * Forces [flag] to [variant], as the engine's override does (reason `OVERRIDE`, the variant
     * in results); the listener hears `[flag]`. A fake flag's variants are named after its
     * values: `"true"` and `"false"` for a boolean flag, any text for a string flag (served as
     * the value), a number's text for a number flag; an object flag has none. Throws
     * `InvalidOverride` for a flag that is not set, or a variant it cannot have.
     */
    override fun setOverride(flag: String, variant: String) {
        val value = synchronized(lock) { values[flag] }
            ?: throw RollgateException.InvalidOverride("cannot override flag \"$flag\": no such flag")
        val served = when (value) {
            is FlagValue.Bool -> variant.toBooleanStrictOrNull()?.let { FlagValue.Bool(it) }
            is FlagValue.Text -> FlagValue.Text(variant)
            is FlagValue.Number -> variant.toDoubleOrNull()?.takeIf { it.isFinite() }?.let { FlagValue.Number(it) }
            is FlagValue.Json -> null
        } ?: throw RollgateException.InvalidOverride("cannot override flag \"$flag\" with variant \"$variant\": no such variant")
        synchronized(lock) { forced[flag] = variant to served }
        overridesChanged(listOf(flag))
    }

    override fun clearOverride(flag: String): Boolean {
        val cleared = synchronized(lock) { forced.remove(flag) != null }
        if (cleared) overridesChanged(listOf(flag))
        return cleared
    }

    override fun clearOverrides(): Boolean {
        val cleared = synchronized(lock) { forced.keys.sorted().also { forced.clear() } }
        if (cleared.isNotEmpty()) overridesChanged(cleared)
        return cleared.isNotEmpty()
    }

    override fun overrides(): Map<String, String> = synchronized(lock) { forced.mapValues { it.value.first } }

    private fun overridesChanged(flags: List<String>) {
        val (notify, current) = synchronized(lock) { listener to revision }
        try {
            notify?.onFlagsChanged(current, flags)
        } catch (_: Exception) {
        }
    }

    override fun boolValue(flag: String, default: Boolean, context: Map<String, ContextValue>, now: Long?): Boolean =
        (read(flag, context) as? FlagValue.Bool)?.value ?: default

    override fun stringValue(flag: String, default: String, context: Map<String, ContextValue>, now: Long?): String =
        (read(flag, context) as? FlagValue.Text)?.value ?: default

    override fun numberValue(flag: String, default: Double, context: Map<String, ContextValue>, now: Long?): Double =
        (read(flag, context) as? FlagValue.Number)?.value ?: default

    override fun jsonValue(flag: String, defaultJson: String, context: Map<String, ContextValue>, now: Long?): String =
        (read(flag, context) as? FlagValue.Json)?.json ?: defaultJson

    override fun evaluate(flag: String, context: Map<String, ContextValue>, now: Long?): FlagEvaluation =
        overridden(flag, evaluation(read(flag, context), null))

    override fun evaluateTyped(
        flag: String,
        flagType: FlagType,
        context: Map<String, ContextValue>,
        now: Long?,
    ): FlagEvaluation = overridden(flag, evaluation(read(flag, context), flagType))

    override fun evaluateAll(context: Map<String, ContextValue>, now: Long?): Map<String, FlagEvaluation> {
        val snapshot = synchronized(lock) {
            this.context = context
            values.toSortedMap().also { all -> for ((flag, override) in forced) all[flag] = override.second }
        }
        return snapshot.mapValues { (flag, value) -> overridden(flag, evaluation(value, null)) }
    }

    override fun explain(flag: String, context: Map<String, ContextValue>, now: Long?): String {
        val set = read(flag, context) != null
        return "{\"flag\": ${jsonString(flag)}, \"fake\": true, \"set\": $set}"
    }

    override fun explainText(flag: String, context: Map<String, ContextValue>, now: Long?): String =
        when (val value = read(flag, context)) {
            null -> "$flag: not set in the FakeFlagEngine"
            else -> "$flag: ${describe(value)} (set in the FakeFlagEngine)"
        }

    override fun flagKeys(): List<String> = synchronized(lock) { values.keys.sorted() }

    override fun nextChangeAfter(now: Long?): Long? = null

    /**
     * The fake has no clock (it serves its values at any `now`): nothing to correct, so this
     * measures nothing and [clockOffsetMs] stays 0.
     */
    override fun observeServerClock(date: String?, age: String?, sentAtMs: Long, receivedAtMs: Long): Boolean = false

    override fun clockOffsetMs(): Long = 0

    override fun restoreError(): String? = null

    /** The fake persists nothing. */
    override fun overridesError(): String? = null

    /** The fake persists nothing, so no restart drops anything. */
    override fun droppedOverridesAtOpen(): List<DroppedOverride> = emptyList()

    override fun revision(): ULong = synchronized(lock) { revision }

    override fun setListener(listener: FlagChangeListener?) {
        synchronized(lock) { this.listener = listener }
    }

    override fun update(rulesetJson: String): UpdateResult {
        updateFailure?.let { throw it }
        val current = synchronized(lock) {
            updatesReceived.add(rulesetJson)
            revision
        }
        return UpdateResult(
            previousRevision = current,
            revision = current,
            changedFlags = emptyList(),
            persistError = null,
            droppedOverrides = emptyList(),
        )
    }

    override fun updateBytes(ruleset: ByteArray): UpdateResult = update(ruleset.toString(Charsets.UTF_8))

    private companion object {
        fun flagValue(flag: String, value: Any): FlagValue = when (value) {
            is FlagValue -> value
            is Boolean -> FlagValue.Bool(value)
            is String -> FlagValue.Text(value)
            is Number -> FlagValue.Number(value.toDouble())
            else -> throw IllegalArgumentException(
                "FakeFlagEngine: flag '$flag': unsupported value type ${value::class.java.name} " +
                    "(use Boolean, String, a Number, or FlagValue.Json(json) for an object flag)",
            )
        }

        fun typeOf(value: FlagValue): FlagType = when (value) {
            is FlagValue.Bool -> FlagType.BOOLEAN
            is FlagValue.Text -> FlagType.STRING
            is FlagValue.Number -> FlagType.NUMBER
            is FlagValue.Json -> FlagType.OBJECT
        }

        fun evaluation(value: FlagValue?, expected: FlagType?): FlagEvaluation {
            val type = value?.let(::typeOf)
            val error = when {
                value == null -> ErrorCode.FLAG_NOT_FOUND
                expected != null && type != expected -> ErrorCode.TYPE_MISMATCH
                else -> null
            }
            return FlagEvaluation(
                value = if (error == null) value else null,
                variant = null,
                reason = if (error == null) Reason.STATIC else Reason.ERROR,
                ruleId = null,
                errorCode = error,
                errorMessage = null,
                failedPrerequisite = null,
                unitMissing = null,
                flagType = type,
                metadataJson = "{}",
            )
        }

        fun describe(value: FlagValue): String = when (value) {
            is FlagValue.Bool -> value.value.toString()
            is FlagValue.Text -> jsonString(value.value)
            is FlagValue.Number -> value.value.toString()
            is FlagValue.Json -> value.json
        }

        fun jsonString(text: String): String = buildString {
            append('"')
            for (c in text) {
                when {
                    c == '"' -> append("\\\"")
                    c == '\\' -> append("\\\\")
                    c < ' ' -> append("\\u%04x".format(c.code))
                    else -> append(c)
                }
            }
            append('"')
        }
    }
}
