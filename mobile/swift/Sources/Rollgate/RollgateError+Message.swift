import Foundation
import RollgateFFI

/// A `RollgateError` reads as its message: the Rust core's text, the same as the CLI's and the
/// Kotlin exception's `message` (e.g. `refused revision 41: older than the current revision 42`).
///
/// The generated error already conforms to `LocalizedError` with
/// `errorDescription = String(reflecting: self)`; `String(reflecting:)` uses `description` once
/// the type is `CustomStringConvertible`, so `error.localizedDescription`, `print(error)` and
/// string interpolation all give the message instead of a dump of the enum case.
extension RollgateError: CustomStringConvertible {
    /// The message from Rust.
    public var description: String {
        switch self {
        case .InvalidRuleset(let message),
             .StaleRevision(let message),
             .InvalidContext(let message),
             .InvalidOverride(let message),
             .Internal(let message):
            return message
        }
    }
}
