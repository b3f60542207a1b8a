import Foundation
// The generated layer is part of the public API: `import Rollgate` is enough.
@_exported import RollgateFFI

extension FlagEngineProtocol {
    /// A number flag read as an `Int64` (counts, limits, timeouts). Returns `default` on any
    /// error, and also when the value is not a whole number or lies beyond ±2^53 (where doubles,
    /// and so JSON and JavaScript, stop counting exactly). On the protocol, so that generated
    /// accessors and test doubles (`FakeFlagEngine`) have it too.
    public func int64Value(
        flag: String,
        default defaultValue: Int64,
        context: [String: ContextValue] = [:],
        now: Int64? = nil
    ) -> Int64 {
        // A NaN default keeps "absent" and "0" apart.
        let value = numberValue(flag: flag, default: .nan, context: context, now: now)
        guard !value.isNaN, value.rounded() == value, abs(value) <= 9_007_199_254_740_992 else {
            return defaultValue
        }
        return Int64(value)
    }
}

extension FlagEvaluation {
    /// The served value as a plain Swift value: `Bool`, `String`, `Double`, or the JSON text
    /// (`String`) of an object flag; `nil` on error.
    public var plainValue: Any? {
        switch value {
        case .bool(let v): return v
        case .text(let v): return v
        case .number(let v): return v
        case .json(let json): return json
        case nil: return nil
        }
    }
}

