import Foundation
import RollgateFFI

/// A Swift value that can be a context attribute: `String`, `Bool`, the integer and floating
/// point types, and arrays of those.
public protocol ContextValueConvertible {
    /// The value as a ``ContextValue``.
    var contextValue: ContextValue { get }
}

/// A Swift value that can be an element of a list attribute.
public protocol ContextScalarConvertible: ContextValueConvertible {
    /// The value as a ``ContextScalar``.
    var contextScalar: ContextScalar { get }
}

extension String: ContextScalarConvertible {
    public var contextValue: ContextValue { .text(value: self) }
    public var contextScalar: ContextScalar { .text(value: self) }
}

extension Bool: ContextScalarConvertible {
    public var contextValue: ContextValue { .bool(value: self) }
    public var contextScalar: ContextScalar { .bool(value: self) }
}

extension Double: ContextScalarConvertible {
    public var contextValue: ContextValue { .number(value: self) }
    public var contextScalar: ContextScalar { .number(value: self) }
}

extension Int: ContextScalarConvertible {
    public var contextValue: ContextValue { .number(value: Double(self)) }
    public var contextScalar: ContextScalar { .number(value: Double(self)) }
}

extension Int64: ContextScalarConvertible {
    public var contextValue: ContextValue { .number(value: Double(self)) }
    public var contextScalar: ContextScalar { .number(value: Double(self)) }
}

extension Array: ContextValueConvertible where Element: ContextScalarConvertible {
    public var contextValue: ContextValue { .values(items: map { $0.contextScalar }) }
}

/// Builds an evaluation context from plain Swift values; `nil` values are left out (an absent
/// attribute), as in every other Rollgate binding:
/// `rollgateContext([Attributes.userId: "u-42", "beta": true, "groups": ["staff"]])`.
public func rollgateContext(_ attributes: [String: (any ContextValueConvertible)?]) -> [String: ContextValue] {
    attributes.compactMapValues { $0?.contextValue }
}
