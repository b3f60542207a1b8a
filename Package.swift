// swift-tools-version:5.9
// Rollgate for iOS (and macOS, for tests on a Mac): Swift Package Manager manifest.
//
// It sits at the repository root because SwiftPM finds a package only there, for a URL
// dependency as for a path dependency. The sources live under mobile/.
//
// Build the binary first: `scripts/build-xcframework.sh` (on a Mac with Xcode) creates
// mobile/build/RollgateFFIC.xcframework (static libraries for device + simulator, the C header
// and module map) and copies the generated Swift into mobile/swift/Sources/RollgateFFI/.
// No release is published yet: a release would replace the local path with `url:` +
// `checksum:` of the zipped framework, which a URL dependency needs.
//
// Not compiled on the machine this repository is developed and tested on (no Swift compiler
// there): tests/mobile/swift_package.py checks that these paths exist and that mobile/README.md
// names this package's product correctly.
import PackageDescription

let package = Package(
    name: "Rollgate",
    platforms: [.iOS(.v13), .macOS(.v11)],
    products: [
        .library(name: "Rollgate", targets: ["Rollgate"]),
    ],
    targets: [
        // The Rust core + uniffi scaffolding, compiled for each Apple target.
        .binaryTarget(name: "RollgateFFIC", path: "mobile/build/RollgateFFIC.xcframework"),
        // The uniffi-generated Swift (FlagEngine, FlagEvaluation, ContextValue, ...).
        .target(name: "RollgateFFI", dependencies: ["RollgateFFIC"], path: "mobile/swift/Sources/RollgateFFI",
                exclude: ["README.md"]),
        // Hand-written helpers: attribute names, AppInfo from the bundle, context builders,
        // error messages.
        .target(name: "Rollgate", dependencies: ["RollgateFFI"], path: "mobile/swift/Sources/Rollgate"),
    ]
)
