package dev.rollgate.tests

import java.io.File
import kotlin.system.exitProcess

/**
 * Kotlin/JVM tests of the generated bindings and the wrapper, loading the host library through
 * JNA (`-Djna.library.path=...`). Usage: `Main [corpus-dir]` (default tests/conformance).
 */
fun main(args: Array<String>) {
    val corpus = File(args.firstOrNull() ?: "tests/conformance")
    val conformance = Results("kotlin conformance")
    val files = Conformance.run(conformance, corpus)
    if (files == 0) conformance.record("corpus", "no corpus files in $corpus")
    println("kotlin conformance: $files files")
    var ok = conformance.summary()

    val other = Results("kotlin bad input + persistence + start-up + concurrency + wrapper + README + codegen + fake + overrides + clock + numbers")
    BadInput.run(other)
    Persistence.run(other)
    Startup.run(other, File("tests/startup/cases.json")) // run from the repository root
    Concurrency.run(other)
    Wrapper.run(other)
    ReadmeSnippets.run(other)
    Codegen.run(other)
    FakeEngine.run(other)
    Overrides.run(other)
    Clock.run(other)
    Numbers.run(other)
    ok = other.summary() && ok
    println("kotlin total: ${conformance.passed + other.passed} passed, ${conformance.failures.size + other.failures.size} failed")
    exitProcess(if (ok) 0 else 1)
}
