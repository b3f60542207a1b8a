import Foundation
import RollgateFFI

/// A Swift value a ``FakeFlagEngine`` can serve: `Bool`, `String`, `Double`, `Int`, `Int64`, or
/// a `FlagValue` (`.json(json:)` for an object flag).
public protocol FakeFlagValueConvertible {
    /// The value as the engine serves it.
    var fakeFlagValue: FlagValue { get }
}

extension Bool: FakeFlagValueConvertible {
    public var fakeFlagValue: FlagValue { .bool(value: self) }
}

extension String: FakeFlagValueConvertible {
    public var fakeFlagValue: FlagValue { .text(value: self) }
}

extension Double: FakeFlagValueConvertible {
    public var fakeFlagValue: FlagValue { .number(value: self) }
}

extension Int: FakeFlagValueConvertible {
    public var fakeFlagValue: FlagValue { .number(value: Double(self)) }
}

extension Int64: FakeFlagValueConvertible {
    public var fakeFlagValue: FlagValue { .number(value: Double(self)) }
}

extension FlagValue: FakeFlagValueConvertible {
    public var fakeFlagValue: FlagValue { self }
}

/// A test double of the engine: it serves the values a test sets, for every context, with no
/// ruleset and no native library. It conforms to `FlagEngineProtocol`, the type app code and
/// the generated `RollgateFlags` take, so it stands in wherever the engine does:
///
/// ```swift
/// let engine = FakeFlagEngine(["new-checkout": true, "checkout-layout": "express"])
/// engine.set("new-checkout", to: false) // the listener hears ["new-checkout"]
/// ```
///
/// Reads follow the engine's rules: a flag that is not set, or is read as another type, gives
/// the caller's default (and `evaluate` an `.error` result with `.flagNotFound` or
/// `.typeMismatch`). A set flag evaluates with reason `.static` and no variant. Everything is
/// synchronous and thread-safe.
///
/// `update` and `updateBytes` parse nothing: they record the ruleset (``updates``) and succeed
/// without changing any value, or throw ``updateFailure`` when it is set.
///
/// The same as the Kotlin wrapper's `FakeFlagEngine`, which the JVM tests run; this one is not
/// compiled in CI (no Swift compiler there).
public final class FakeFlagEngine: FlagEngineProtocol, @unchecked Sendable {
    // Every stored property below is read and written under `lock`.
    private let lock = NSLock()
    private var values: [String: FlagValue]
    private var listener: FlagChangeListener?
    private var currentRevision: UInt64 = 1
    private var receivedUpdates: [String] = []
    private var context: [String: ContextValue]?
    private var failure: RollgateError?
    // Local overrides: flag -> (variant, the value it serves).
    private var forced: [String: (variant: String, value: FlagValue)] = [:]

    /// A fake serving `values` (flag key → value), revision 1.
    public init(_ values: [String: any FakeFlagValueConvertible] = [:]) {
        self.values = values.mapValues { $0.fakeFlagValue }
    }

    /// What `update` and `updateBytes` throw instead of succeeding, while it is set.
    public var updateFailure: RollgateError? {
        get { locked { failure } }
        set { locked { failure = newValue } }
    }

    /// Every ruleset text given to `update` or `updateBytes`, oldest first.
    public var updates: [String] { locked { receivedUpdates } }

    /// The context of the most recent read (`nil` before any): what the app evaluated for.
    public var lastContext: [String: ContextValue]? { locked { context } }

    /// The value of `flag` as set, or `nil` when it is not set.
    public func value(of flag: String) -> FlagValue? { locked { values[flag] } }

    /// Sets one flag; see ``setAll(_:)``.
    public func set(_ flag: String, to value: any FakeFlagValueConvertible) {
        setAll([flag: value])
    }

    /// Sets flags (adding any not set yet). When a value really changes, the revision goes up by
    /// one and the listener hears the changed keys, sorted, on this thread, as after an update.
    public func setAll(_ changes: [String: any FakeFlagValueConvertible]) {
        change { current in
            changes.compactMap { flag, value -> String? in
                let new = value.fakeFlagValue
                return current.updateValue(new, forKey: flag) == new ? nil : flag
            }
        }
    }

    /// Unsets flags: reads give the caller's default again. The listener hears it as for
    /// ``setAll(_:)``.
    public func remove(_ flags: String...) {
        change { current in flags.filter { current.removeValue(forKey: $0) != nil } }
    }

    private func change(_ apply: (inout [String: FlagValue]) -> [String]) {
        let (changed, notify, revision): ([String], FlagChangeListener?, UInt64) = locked {
            let changed = apply(&values).sorted()
            if !changed.isEmpty { currentRevision += 1 }
            return (changed, listener, currentRevision)
        }
        guard !changed.isEmpty, let notify else { return }
        // As the engine does: the listener is app code, and its failure cannot undo the change.
        try? notify.onFlagsChanged(revision: revision, changedFlags: changed)
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func read(_ flag: String, _ context: [String: ContextValue]) -> FlagValue? {
        locked {
            self.context = context
            return forced[flag]?.value ?? values[flag]
        }
    }

    /// `evaluation` of `flag` as an override serves it: its variant, reason `OVERRIDE`.
    private func overridden(_ flag: String, _ evaluation: FlagEvaluation) -> FlagEvaluation {
        guard let variant = locked({ forced[flag]?.variant }), evaluation.errorCode == nil else { return evaluation }
        var result = evaluation
        result.variant = variant
        result.reason = .`override`
        return result
    }

    /// Forces `flag` to `variant`, as the engine's override does (reason `OVERRIDE`, the
    /// variant in results); the listener hears `[flag]`. A fake flag's variants are named after
    /// its values: `"true"` and `"false"` for a boolean flag, any text for a string flag (served
    /// as the value), a number's text for a number flag; an object flag has none. Throws
    /// `InvalidOverride` for a flag that is not set, or a variant it cannot have.
    public func setOverride(flag: String, variant: String) throws {
        guard let value = locked({ values[flag] }) else {
            throw RollgateError.InvalidOverride(message: "cannot override flag \"\(flag)\": no such flag")
        }
        let served: FlagValue?
        switch value {
        case .bool: served = variant == "true" ? .bool(value: true) : variant == "false" ? .bool(value: false) : nil
        case .text: served = .text(value: variant)
        case .number: served = Double(variant).flatMap { $0.isFinite ? .number(value: $0) : nil }
        case .json: served = nil
        }
        guard let served else {
            throw RollgateError.InvalidOverride(message: "cannot override flag \"\(flag)\" with variant \"\(variant)\": no such variant")
        }
        locked { forced[flag] = (variant, served) }
        overridesChanged([flag])
    }

    public func clearOverride(flag: String) -> Bool {
        let cleared = locked { forced.removeValue(forKey: flag) != nil }
        if cleared { overridesChanged([flag]) }
        return cleared
    }

    public func clearOverrides() -> Bool {
        let cleared: [String] = locked {
            let keys = forced.keys.sorted()
            forced.removeAll()
            return keys
        }
        if !cleared.isEmpty { overridesChanged(cleared) }
        return !cleared.isEmpty
    }

    public func overrides() -> [String: String] {
        locked { forced.mapValues { $0.variant } }
    }

    private func overridesChanged(_ flags: [String]) {
        let (notify, revision): (FlagChangeListener?, UInt64) = locked { (listener, currentRevision) }
        try? notify?.onFlagsChanged(revision: revision, changedFlags: flags)
    }

    public func boolValue(flag: String, `default`: Bool, context: [String: ContextValue], now: Int64?) -> Bool {
        if case .bool(let value)? = read(flag, context) { return value }
        return `default`
    }

    public func stringValue(flag: String, `default`: String, context: [String: ContextValue], now: Int64?) -> String {
        if case .text(let value)? = read(flag, context) { return value }
        return `default`
    }

    public func numberValue(flag: String, `default`: Double, context: [String: ContextValue], now: Int64?) -> Double {
        if case .number(let value)? = read(flag, context) { return value }
        return `default`
    }

    public func jsonValue(flag: String, defaultJson: String, context: [String: ContextValue], now: Int64?) -> String {
        if case .json(let json)? = read(flag, context) { return json }
        return defaultJson
    }

    public func evaluate(flag: String, context: [String: ContextValue], now: Int64?) -> FlagEvaluation {
        overridden(flag, FakeFlagEngine.evaluation(read(flag, context), expected: nil))
    }

    public func evaluateTyped(flag: String, flagType: FlagType, context: [String: ContextValue], now: Int64?) -> FlagEvaluation {
        overridden(flag, FakeFlagEngine.evaluation(read(flag, context), expected: flagType))
    }

    public func evaluateAll(context: [String: ContextValue], now: Int64?) throws -> [String: FlagEvaluation] {
        let snapshot: [String: FlagValue] = locked {
            self.context = context
            return values.merging(forced.mapValues { $0.value }) { _, override in override }
        }
        var out: [String: FlagEvaluation] = [:]
        for (flag, value) in snapshot { out[flag] = overridden(flag, FakeFlagEngine.evaluation(value, expected: nil)) }
        return out
    }

    public func explain(flag: String, context: [String: ContextValue], now: Int64?) throws -> String {
        let set = read(flag, context) != nil
        let key = String(data: try JSONEncoder().encode(flag), encoding: .utf8) ?? "\"\""
        return "{\"flag\": \(key), \"fake\": true, \"set\": \(set)}"
    }

    public func explainText(flag: String, context: [String: ContextValue], now: Int64?) throws -> String {
        guard let value = read(flag, context) else { return "\(flag): not set in the FakeFlagEngine" }
        return "\(flag): \(FakeFlagEngine.describe(value)) (set in the FakeFlagEngine)"
    }

    public func flagKeys() -> [String] { locked { values.keys.sorted() } }

    public func nextChangeAfter(now: Int64?) -> Int64? { nil }

    /// The fake has no clock (it serves its values at any `now`): nothing to correct, so
    /// `observeServerClock` measures nothing and `clockOffsetMs` stays 0.
    public func observeServerClock(date: String?, age: String?, sentAtMs: Int64, receivedAtMs: Int64) -> Bool { false }

    public func clockOffsetMs() -> Int64 { 0 }

    public func restoreError() -> String? { nil }

    /// The fake persists nothing.
    public func overridesError() -> String? { nil }

    /// The fake persists nothing, so no restart drops anything.
    public func droppedOverridesAtOpen() -> [DroppedOverride] { [] }

    public func revision() -> UInt64 { locked { currentRevision } }

    public func setListener(listener: FlagChangeListener?) {
        locked { self.listener = listener }
    }

    public func update(rulesetJson: String) throws -> UpdateResult {
        let (rejection, revision): (RollgateError?, UInt64) = locked {
            if self.failure == nil { self.receivedUpdates.append(rulesetJson) }
            return (self.failure, self.currentRevision)
        }
        if let rejection { throw rejection }
        return UpdateResult(previousRevision: revision, revision: revision, changedFlags: [], persistError: nil, droppedOverrides: [])
    }

    public func updateBytes(ruleset: Data) throws -> UpdateResult {
        try update(rulesetJson: String(decoding: ruleset, as: UTF8.self))
    }

    private static func flagType(of value: FlagValue) -> FlagType {
        switch value {
        case .bool: return .boolean
        case .text: return .string
        case .number: return .number
        case .json: return .object
        }
    }

    private static func describe(_ value: FlagValue) -> String {
        switch value {
        case .bool(let value): return String(value)
        case .text(let value): return "\"\(value)\""
        case .number(let value): return String(value)
        case .json(let json): return json
        }
    }

    private static func evaluation(_ value: FlagValue?, expected: FlagType?) -> FlagEvaluation {
        let type = value.map { FakeFlagEngine.flagType(of: $0) }
        let error: ErrorCode?
        if value == nil {
            error = .flagNotFound
        } else if let expected, type != expected {
            error = .typeMismatch
        } else {
            error = nil
        }
        return FlagEvaluation(
            value: error == nil ? value : nil,
            variant: nil,
            reason: error == nil ? .`static` : .error,
            ruleId: nil,
            errorCode: error,
            errorMessage: nil,
            failedPrerequisite: nil,
            unitMissing: nil,
            flagType: type,
            metadataJson: "{}"
        )
    }
}
