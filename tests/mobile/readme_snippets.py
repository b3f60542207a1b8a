"""Turns every ```kotlin block of a README into Kotlin sources that kotlinc compiles with the
tests (scripts/test-mobile.sh), so a snippet that does not compile fails the test run.

Usage: python3 tests/mobile/readme_snippets.py mobile/README.md <out-dir>

Each block becomes `Snippet<N>.kt` in package `dev.rollgate.readme`:
- a Gradle script (it calls `include(...)` or `dependencies { ... }`) becomes the body of an
  extension function on the Gradle stub (`tests/mobile/kotlin/stubs/Gradle.kt`), which the tests
  run to check what it declares;
- a block that declares classes or functions is a source file as is;
- anything else (statements) becomes the body of a function, its imports lifted to the top.

`ReadmeIndex.kt` lists the Gradle snippets and the flag keys the blocks read (the first argument
of `boolValue`, `longValue`, `evaluate`, ...), for tests/mobile/kotlin/ReadmeSnippets.kt.
"""

import json
import os
import re
import sys

FENCE = re.compile(r"^```kotlin[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
GRADLE = re.compile(r"^\s*(include\(|dependencies\s*\{)", re.MULTILINE)
DECLARATION = re.compile(r"^(class|object|fun|interface|data class|val|private|internal)\b", re.MULTILINE)
FLAG_READ = re.compile(
    r"\b(?:boolValue|stringValue|numberValue|jsonValue|longValue|evaluate|evaluateTyped|explain|explainText)"
    r"\(\s*\"([^\"]+)\"")
PACKAGE = "dev.rollgate.readme"


def kotlin_string(text):
    """A Kotlin string literal (JSON escapes are valid Kotlin escapes, `$` aside)."""
    return json.dumps(text).replace("$", "\\$")


def source(index, block):
    """The Kotlin file for one block, and whether it is a Gradle script."""
    if GRADLE.search(block):
        body = "\n".join("    " + line for line in block.splitlines())
        return (f"package {PACKAGE}\n\nimport {PACKAGE}.gradle.GradleScript\n\n"
                f"fun GradleScript.readmeSnippet{index}() {{\n{body}\n}}\n"), True
    if DECLARATION.search(block):
        return f"package {PACKAGE}\n\n{block}", False
    imports = [line for line in block.splitlines() if line.startswith("import ")]
    body = "\n".join("    " + line for line in block.splitlines() if not line.startswith("import "))
    return (f"package {PACKAGE}\n\n" + "".join(f"{line}\n" for line in imports)
            + f"\nfun readmeSnippet{index}() {{\n{body}\n}}\n"), False


def main(readme, out_dir):
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    blocks = FENCE.findall(text)
    if not blocks:
        sys.exit(f"readme_snippets.py: no ```kotlin blocks in {readme}")
    os.makedirs(out_dir, exist_ok=True)
    gradle = []
    keys = []
    for index, block in enumerate(blocks, start=1):
        code, is_gradle = source(index, block)
        with open(os.path.join(out_dir, f"Snippet{index}.kt"), "w", encoding="utf-8") as f:
            f.write(code)
        if is_gradle:
            gradle.append(index)
        keys += [key for key in FLAG_READ.findall(block) if key not in keys]
    with open(os.path.join(out_dir, "ReadmeIndex.kt"), "w", encoding="utf-8") as f:
        f.write(f"package {PACKAGE}\n\nimport {PACKAGE}.gradle.GradleScript\n\n"
                f"/** Generated from {kotlin_string(readme)[1:-1]} by tests/mobile/readme_snippets.py. */\n"
                "object ReadmeIndex {\n"
                f"    const val KOTLIN_BLOCKS = {len(blocks)}\n"
                "    val gradleSnippets: List<Pair<String, GradleScript.() -> Unit>> = listOf(\n"
                + "".join(f"        \"block {i}\" to GradleScript::readmeSnippet{i},\n" for i in gradle)
                + "    )\n"
                "    val flagKeys: List<String> = listOf(\n"
                + "".join(f"        {kotlin_string(key)},\n" for key in keys)
                + "    )\n}\n")
    print(f"readme_snippets.py: {len(blocks)} Kotlin blocks of {readme} ({len(gradle)} Gradle scripts), "
          f"flags read: {', '.join(keys) or 'none'}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
