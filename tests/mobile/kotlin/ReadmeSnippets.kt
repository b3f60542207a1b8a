package dev.rollgate.tests

import android.content.Context
import android.content.SharedPreferences
import android.content.pm.PackageInfo
import android.content.pm.PackageManager
import android.content.res.AssetManager
import android.util.Log
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.readme.Flags
import dev.rollgate.readme.ReadmeIndex
import dev.rollgate.readme.RulesetSync
import dev.rollgate.readme.delayToNextStep
import dev.rollgate.readme.gradle.GradleScript
import dev.rollgate.readme.gradle.ProjectDependency
import dev.rollgate.readme.listenForChanges
import dev.rollgate.readme.openEngine
import okhttp3.Call
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.Response
import okhttp3.ResponseBody
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.InputStream
import java.io.PrintStream
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter

/**
 * The Kotlin blocks of mobile/README.md, compiled into this test jar by
 * tests/mobile/readme_snippets.py (a block that does not compile fails the build), run here on
 * the JVM against examples/flags.json with test doubles of the Android and OkHttp stubs.
 */
object ReadmeSnippets {
    private val EXAMPLE = File("examples/flags.json") // run from the repository root

    /** An Android `Context` whose assets are examples/ and whose app has [versionName]. */
    private class TestContext(override val filesDir: File, versionName: String) : Context() {
        override val packageName = "dev.rollgate.sample"
        override val assets = object : AssetManager() {
            override fun open(fileName: String): InputStream = File(EXAMPLE.parentFile, fileName).inputStream()
        }
        override val packageManager = object : PackageManager() {
            private val info = PackageInfo().apply { this.versionName = versionName }
            override fun getPackageInfo(packageName: String, flags: PackageInfoFlags) = info
            @Deprecated("replaced by the PackageInfoFlags overload in API 33")
            override fun getPackageInfo(packageName: String, flags: Int) = info
        }
    }

    private class MemoryPreferences : SharedPreferences {
        val values = mutableMapOf<String, String?>()
        override fun getString(key: String, defValue: String?) = values[key] ?: defValue
        override fun edit() = object : SharedPreferences.Editor {
            override fun putString(key: String, value: String?) = apply { values[key] = value }
            override fun apply() {}
        }
    }

    /** Answers each request with the next response of [script]; records the requests. */
    private class ScriptedClient(private val script: MutableList<(Request) -> Response>) : OkHttpClient() {
        val requests = mutableListOf<Request>()
        override fun newCall(request: Request) = object : Call {
            override fun execute(): Response {
                requests.add(request)
                return script.removeAt(0)(request)
            }
        }
    }

    private fun body(text: String) = object : ResponseBody() {
        override fun bytes() = text.toByteArray()
    }

    /** What [block] prints to standard output (where the README's snippets log). */
    private fun printed(block: () -> Unit): String {
        val saved = System.out
        val buffer = ByteArrayOutputStream()
        System.setOut(PrintStream(buffer, true, Charsets.UTF_8))
        try {
            block()
        } finally {
            System.setOut(saved)
        }
        return buffer.toString(Charsets.UTF_8)
    }

    private const val DAY = 86_400_000L

    fun run(results: Results) {
        results.run("README: its Kotlin blocks compiled (4 or more)") {
            check(ReadmeIndex.KOTLIN_BLOCKS >= 4) { "${ReadmeIndex.KOTLIN_BLOCKS} blocks" }
        }
        results.run("README: every flag a snippet reads exists in examples/flags.json") {
            val keys = FlagEngine(EXAMPLE.readText()).use { it.flagKeys() }
            check(ReadmeIndex.flagKeys.isNotEmpty()) { "no flag reads found" }
            val missing = ReadmeIndex.flagKeys.filter { it !in keys }
            check(missing.isEmpty()) { "not in examples/flags.json: $missing (it has $keys)" }
        }
        results.run("README: the Gradle snippets include mobile/android and depend on it") {
            val script = GradleScript()
            check(ReadmeIndex.gradleSnippets.size == 2) { "${ReadmeIndex.gradleSnippets.size} Gradle snippets" }
            for ((_, snippet) in ReadmeIndex.gradleSnippets) script.snippet()
            val module = script.included.single()
            val dir = script.projects.getValue(module).projectDir.invariantSeparatorsPath
            check(dir.endsWith("/mobile/android")) { "projectDir $dir" }
            check(File("mobile/android/build.gradle.kts").isFile) { "no Gradle module at mobile/android" }
            check(script.dependencies.implementations == listOf(ProjectDependency(module))) { "${script.dependencies.implementations}" }
        }
        results.run("README: Flags starts from the bundled examples/flags.json and gates on the app version") {
            withTempDir { dir ->
                val flags = Flags(TestContext(dir, versionName = "2.4.0"))
                flags.engine.use { engine ->
                    check(engine.revision() == 42UL) { "revision ${engine.revision()}" }
                    // The example's value (its default variant, 50), not the snippet's fallback (10).
                    check(flags.maxCartItems("u-1") == 50L) { "${flags.maxCartItems("u-1")}" }
                    // new-checkout: 10% of mobile users on 2.4.0; "old-apps" keeps 2.2.0 off.
                    val on = (0 until 200).count { flags.newCheckout("user-$it") }
                    check(on in 5..40) { "$on of 200 users" }
                }
                val old = Flags(TestContext(dir, versionName = "2.2.0"))
                old.engine.use { check((0 until 200).none { i -> old.newCheckout("user-$i") }) { "an old app got the new checkout" } }
            }
        }
        results.run("README: RulesetSync applies a fetched ruleset, then sends If-None-Match; refused ones are kept out") {
            withTempDir { dir ->
                val flags = Flags(TestContext(dir, versionName = "2.4.0"))
                val newer = EXAMPLE.readText().replaceFirst("\"revision\": 42", "\"revision\": 43")
                check(newer.contains("\"revision\": 43")) { "examples/flags.json changed shape" }
                val older = EXAMPLE.readText().replaceFirst("\"revision\": 42", "\"revision\": 41")
                // The first response comes from a server whose clock is two days ahead of this device's.
                val sentAt = System.currentTimeMillis()
                val serverDate = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(sentAt + 2 * DAY).atOffset(ZoneOffset.UTC))
                val client = ScriptedClient(mutableListOf(
                    { _ -> Response(200, body(newer), mapOf("ETag" to "\"r43\"", "Date" to serverDate), sentAt, sentAt + 40) },
                    { request -> if (request.header("If-None-Match") == "\"r43\"") Response(304, null) else Response(500, null) },
                    { _ -> Response(200, body(older), mapOf("ETag" to "\"r41\"")) },
                    { _ -> Response(200, body("<html>not a ruleset</html>")) },
                ))
                val prefs = MemoryPreferences()
                val sync = RulesetSync(flags.engine, prefs, client)
                val url = "https://flags.example/prod.json"
                flags.engine.use { engine ->
                    val changes = mutableListOf<List<String>>()
                    listenForChanges(engine) { changes.add(it) }
                    Log.lines.clear()
                    sync.refresh(url)
                    check(engine.revision() == 43UL && prefs.values["rollgate.etag"] == "\"r43\"") { "${engine.revision()} ${prefs.values}" }
                    check(client.requests[0].header("If-None-Match") == null) { "first request claimed an ETag" }
                    check(Log.lines == listOf("I/Rollgate: revision 43, changed []")) { "${Log.lines}" }
                    check(changes.isEmpty()) { "listener called for an unchanged ruleset: $changes" }
                    check(Math.abs(engine.clockOffsetMs() - 2 * DAY) < 2000) { "clock offset ${engine.clockOffsetMs()}" }
                    sync.refresh(url) // 304
                    check(client.requests[1].header("If-None-Match") == "\"r43\"")
                    sync.refresh(url) // an older revision: StaleRevision, ignored
                    check(engine.revision() == 43UL && prefs.values["rollgate.etag"] == "\"r43\"")
                    sync.refresh(url) // not JSON: InvalidRuleset, logged
                    check(engine.revision() == 43UL)
                    check(Log.lines.size == 2 && Log.lines[1].startsWith("W/Rollgate: rejected ruleset: invalid ruleset (1 problem)\n  ")) { "${Log.lines}" }
                    check(File(dir, "rollgate/ruleset.json").readText() == newer) { "the persisted ruleset is not the applied one" }
                }
            }
        }
        results.run("README: delayToNextStep waits on the server's clock") {
            val step = System.currentTimeMillis() + DAY
            val ruleset = """{"schema": 1, "revision": 1, "flags": {"ramped": {"type": "boolean",
                "variants": {"on": true, "off": false}, "default": "off",
                "rules": [{"id": "ramp", "rollout": {"by": "userId", "serve": "on", "steps": [{"at": $step, "percent": 100}]}}]}}}"""
            FlagEngine(ruleset).use { engine ->
                val before = delayToNextStep(engine)!!
                check(before in DAY - 5000..DAY) { "$before" }
                // The server's clock is 12 hours ahead: the step is 12 hours away, not a day.
                val sent = System.currentTimeMillis()
                val date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(sent + DAY / 2).atOffset(ZoneOffset.UTC))
                check(engine.observeServerClock(date, null, sent, sent))
                val after = delayToNextStep(engine)!!
                check(Math.abs(after - DAY / 2) < 7000) { "$after" }
            }
        }
        results.run("README: openEngine keeps overrides across restarts in QA builds only, and logs those dropped") {
            withTempDir { dir ->
                val bundled = EXAMPLE.readText()
                openEngine(dir, bundled, qaBuild = true).use { it.setOverride("new-checkout", "on") }
                check(File(dir, "rollgate/ruleset.overrides.json").isFile)
                openEngine(dir, bundled, qaBuild = true).use { check(it.overrides() == mapOf("new-checkout" to "on")) { "${it.overrides()}" } }
                openEngine(dir, bundled, qaBuild = false).use { check(it.overrides().isEmpty()) }
                val file = File(dir, "rollgate/ruleset.overrides.json")
                file.writeText("{\"v\":1,\"overrides\":{\"new-checkout\":\"maybe\",\"gone\":\"on\"}}")
                val log = printed { openEngine(dir, bundled, qaBuild = true).use { check(it.overrides().isEmpty()) } }
                check(log == "Rollgate: the override gone=on no longer applies (FLAG_REMOVED)\n" +
                    "Rollgate: the override new-checkout=maybe no longer applies (VARIANT_REMOVED)\n") { log }
                check(!file.exists()) { "nothing left to keep: the file is removed" }
                File(dir, "rollgate/ruleset.overrides.json").writeText("not json")
                openEngine(dir, bundled, qaBuild = true).use { check(it.overrides().isEmpty() && it.overridesError() != null) }
            }
        }
    }
}
