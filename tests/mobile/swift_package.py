"""Checks the Swift package by reading it, since no Swift compiler exists where the tests run.

Usage: python3 tests/mobile/swift_package.py   (from anywhere; needs mobile/generated/swift from
scripts/build-mobile.sh for the API checks)

- Package.swift is at the repository root (the only place SwiftPM looks), and not in mobile/.
- Every target path exists; excluded files exist; products and dependencies name real targets;
  the binary target and the generated Swift are where scripts/build-xcframework.sh writes them.
- In mobile/README.md's ```swift blocks: each `.product(name:package:)` names a library of the
  manifest and the identity SwiftPM gives the `.package(path:)` / `.package(url:)` of the same
  block (the last path component, without `.git`); `import`s name a product; each
  `engine.<method>(<label>:` and `FlagEngine.<function>(<label>:` exists with that first label
  in the generated or wrapper Swift; each `RollgateError.<Case>` exists; the flags read exist in
  examples/flags.json.
- The wrapper describes every case of the generated RollgateError (its message).
- The README says plainly that Swift is not compiled in CI.
- While the manifest's binary target is a local path (no release with a hosted XCFramework
  zip and checksum), mobile/README.md and the root README say that only a path dependency
  works and that a URL dependency needs a release that is not published yet.
Prints `N passed, M failed`; exits 1 on any failure.
"""

import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MANIFEST = os.path.join(ROOT, "Package.swift")
README = os.path.join(ROOT, "mobile", "README.md")
GENERATED = os.path.join(ROOT, "mobile", "generated", "swift", "RollgateFFI.swift")
WRAPPER = os.path.join(ROOT, "mobile", "swift", "Sources", "Rollgate")
XCFRAMEWORK_SCRIPT = os.path.join(ROOT, "scripts", "build-xcframework.sh")
SYSTEM_MODULES = {"Foundation", "SwiftUI", "UIKit", "Combine"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def manifest():
    """The package name, library products {name: targets} and targets {name: (kind, path, deps, excludes)}."""
    text = read(MANIFEST)
    name = re.search(r'Package\(\s*name:\s*"([^"]+)"', text).group(1)
    products = {m.group(1): re.findall(r'"([^"]+)"', m.group(2))
                for m in re.finditer(r'\.library\(name:\s*"([^"]+)",\s*targets:\s*\[([^\]]*)\]', text)}
    targets = {}
    for m in re.finditer(r'\.(target|binaryTarget)\((.*?)\)(?=,\s*(?:\n|//|\.))', text, re.DOTALL):
        args = m.group(2)
        field = lambda key: re.search(key + r':\s*"([^"]+)"', args)  # noqa: E731
        deps = re.search(r'dependencies:\s*\[([^\]]*)\]', args)
        excludes = re.search(r'exclude:\s*\[([^\]]*)\]', args)
        targets[field("name").group(1)] = (
            m.group(1), field("path").group(1),
            re.findall(r'"([^"]+)"', deps.group(1)) if deps else [],
            re.findall(r'"([^"]+)"', excludes.group(1)) if excludes else [],
        )
    return name, products, targets


def swift_blocks():
    return re.findall(r"^```swift[ \t]*\n(.*?)^```[ \t]*$", read(README), re.MULTILINE | re.DOTALL)


def identity(location):
    """The package identity SwiftPM derives from a dependency's path or URL."""
    last = location.rstrip("/").split("/")[-1]
    return (last[:-4] if last.endswith(".git") else last).lower()


def check_manifest_location():
    assert os.path.isfile(MANIFEST), "no Package.swift at the repository root"
    assert not os.path.exists(os.path.join(ROOT, "mobile", "Package.swift")), \
        "mobile/Package.swift: SwiftPM would not find it there, and two manifests disagree"


def check_targets():
    _, products, targets = manifest()
    assert set(targets) == {"RollgateFFIC", "RollgateFFI", "Rollgate"}, sorted(targets)
    script = read(XCFRAMEWORK_SCRIPT)
    for name, (kind, path, deps, excludes) in targets.items():
        if kind == "binaryTarget":
            # Built on a Mac; the script must write exactly this path.
            assert f'OUT="$ROOT/{path}"' in script, f"build-xcframework.sh does not write {path}"
        else:
            assert os.path.isdir(os.path.join(ROOT, path)), f"target {name}: no directory {path}"
        for dep in deps:
            assert dep in targets, f"target {name} depends on unknown {dep}"
        for exclude in excludes:
            assert os.path.exists(os.path.join(ROOT, path, exclude)), f"target {name}: no {exclude} to exclude"
    ffi_path = targets["RollgateFFI"][1]
    assert f'"$ROOT/{ffi_path}/RollgateFFI.swift"' in script, \
        f"build-xcframework.sh does not copy the generated Swift into {ffi_path}"
    wrapper_path = targets["Rollgate"][1]
    assert any(f.endswith(".swift") for f in os.listdir(os.path.join(ROOT, wrapper_path))), wrapper_path
    for product, product_targets in products.items():
        for target in product_targets:
            assert target in targets, f"product {product}: unknown target {target}"


def check_readme_dependencies():
    _, products, _ = manifest()
    checked = 0
    for block in swift_blocks():
        locations = re.findall(r'\.package\((?:path|url):\s*"([^"]+)"', block)
        refs = re.findall(r'\.product\(name:\s*"([^"]+)",\s*package:\s*"([^"]+)"\)', block)
        if not locations and not refs:
            continue
        assert len(locations) == 1 and refs, f"a dependency block needs one .package and a .product:\n{block}"
        for product, package in refs:
            assert product in products, f".product(name: {product!r}): the manifest's libraries are {sorted(products)}"
            assert package == identity(locations[0]), \
                f".product(package: {package!r}) but SwiftPM calls {locations[0]!r} {identity(locations[0])!r}"
            checked += 1
    kinds = "".join(swift_blocks())
    assert ".package(path:" in kinds and ".package(url:" in kinds, "the README needs both a path and a URL dependency"
    assert checked >= 2, f"only {checked} .product references checked"


def check_readme_api():
    _, products, targets = manifest()
    api = read(GENERATED) + "".join(read(os.path.join(WRAPPER, f)) for f in os.listdir(WRAPPER))
    flags = set(json.loads(read(os.path.join(ROOT, "examples", "flags.json")))["flags"])
    calls = 0
    for block in swift_blocks():
        for module in re.findall(r"^import (\w+)", block, re.MULTILINE):
            assert module in SYSTEM_MODULES or module in products, f"import {module}: not a product"
        for method, label in re.findall(r"\b(?:engine|FlagEngine)\.(\w+)\((\w+):", block):
            assert re.search(rf"func `?{method}`?\(\s*{label}:", api), f"no Swift func {method}({label}:...)"
            calls += 1
        for case in re.findall(r"RollgateError\.(\w+)", block):
            assert re.search(rf"^\s*case {case}\(", api, re.MULTILINE), f"no case RollgateError.{case}"
        for flag in re.findall(r'Value\(flag:\s*"([^"]+)"', block):
            assert flag in flags, f"flag {flag!r} is not in examples/flags.json"
    assert calls >= 3, f"only {calls} calls checked"
    assert "RollgateFFIC" in targets


def check_error_messages():
    """The wrapper makes RollgateError CustomStringConvertible with every generated case, so
    localizedDescription is the Rust message (the README promises it)."""
    generated = read(GENERATED)
    enum = re.search(r"enum RollgateError\b.*?\n}", generated, re.DOTALL).group(0)
    cases = set(re.findall(r"^\s*case (\w+)\(message: String\)", enum, re.MULTILINE))
    assert cases >= {"InvalidRuleset", "StaleRevision", "InvalidContext", "Internal"}, cases
    wrapper = read(os.path.join(WRAPPER, "RollgateError+Message.swift"))
    assert "extension RollgateError: CustomStringConvertible" in wrapper
    described = set(re.findall(r"\.(\w+)\(let message\)", wrapper))
    assert described == cases, f"the wrapper's description covers {sorted(described)}, the enum has {sorted(cases)}"


def check_readme_says_swift_is_not_compiled():
    assert "Swift is not compiled in CI" in read(README), "mobile/README.md must say that Swift is not compiled in CI"


def check_readmes_say_what_dependency_works():
    _, _, targets = manifest()
    binary = read(MANIFEST)[read(MANIFEST).index('.binaryTarget('):]
    binary = binary[:binary.index(")")]
    local = 'path: "' in binary
    assert local != ('url: "' in binary and 'checksum: "' in binary), \
        f"the binary target is neither a local path nor a url + checksum: {binary}"
    statements = {
        README: ["What works today is a path dependency on a checkout of this\nrepository.",
                 "A URL (versioned) dependency does not work yet: no release is published.",
                 "hosted zip of the XCFramework\n(`url:` + `checksum:`)"],
        os.path.join(ROOT, "README.md"): [
            "The Swift\npackage works as a path dependency on a checkout, once `scripts/build-xcframework.sh` has built",
            "a URL (versioned) dependency needs a release with a hosted\nXCFramework zip and its checksum, and none is published yet."],
    }
    for path, phrases in statements.items():
        text = read(path)
        for phrase in phrases:
            said = " ".join(phrase.split()) in " ".join(text.split())
            # The statements hold while the binary target is local; a release changes both.
            assert said == local, f"{os.path.relpath(path, ROOT)}: {'missing' if local else 'outdated'}: {phrase!r}"
    assert targets["RollgateFFIC"][0] == "binaryTarget"


def main():
    passed, failed = 0, []
    for check in (check_manifest_location, check_targets, check_readme_dependencies, check_readme_api,
                  check_error_messages, check_readme_says_swift_is_not_compiled,
                  check_readmes_say_what_dependency_works):
        try:
            check()
            passed += 1
        except (AssertionError, AttributeError, OSError) as e:
            failed.append((check.__name__, e))
    for name, error in failed:
        print(f"FAIL swift package: {name}\n     {error}")
    print(f"swift package: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
