// swift-tools-version:5.9
// Rollgate for iOS (and macOS, for tests on a Mac): Swift Package Manager manifest.
//
// Build the binary first: `scripts/build-xcframework.sh` (on a Mac with Xcode) creates
// mobile/build/RollgateFFIC.xcframework (static libraries for device + simulator, the C header
// and module map) and copies the generated Swift into swift/Sources/RollgateFFI/.
// A published release replaces the local path with `url:` + `checksum:` of the zipped framework.
import PackageDescription

let package = Package(
    name: "Rollgate",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [
        .library(name: "Rollgate", targets: ["Rollgate"]),
    ],
    targets: [
        // The Rust core + uniffi scaffolding, compiled for each Apple target.
        .binaryTarget(name: "RollgateFFIC", path: "build/RollgateFFIC.xcframework"),
        // The uniffi-generated Swift (FlagEngine, FlagEvaluation, ContextValue, ...).
        .target(name: "RollgateFFI", dependencies: ["RollgateFFIC"], path: "swift/Sources/RollgateFFI",
                exclude: ["README.md"]),
        // Hand-written helpers: attribute names, AppInfo from the bundle, context builders.
        .target(name: "Rollgate", dependencies: ["RollgateFFI"], path: "swift/Sources/Rollgate"),
    ]
)
