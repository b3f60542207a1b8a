package dev.rollgate.tests

import dev.rollgate.ffi.ContextValue
import dev.rollgate.ffi.FlagChangeListener
import dev.rollgate.ffi.FlagEngine
import dev.rollgate.ffi.FlagValue
import java.util.Collections
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong

/**
 * 8 threads evaluate while another applies 1,000 updates. Every flag of revision R encodes R,
 * so a torn read (flags from two revisions in one `evaluateAll`) or a revision going backwards
 * for one reader is detected. Nothing may throw or crash.
 */
object Concurrency {
    private const val READERS = 8
    private const val UPDATES = 1000
    private const val MARKERS = 20

    private fun ruleset(revision: Long): String {
        val flags = linkedMapOf<String, Any?>()
        for (i in 0 until MARKERS) {
            flags["m$i"] = mapOf("type" to "number", "variants" to mapOf("r" to revision), "default" to "r")
        }
        flags["s"] = mapOf("type" to "string", "variants" to mapOf("r" to "r$revision"), "default" to "r")
        flags["even"] = mapOf(
            "type" to "boolean", "variants" to mapOf("yes" to true, "no" to false),
            "default" to if (revision % 2 == 0L) "yes" else "no",
        )
        return Json.write(mapOf("schema" to 1, "revision" to revision, "flags" to flags))
    }

    fun run(results: Results) {
        results.run("concurrency: $READERS readers during $UPDATES updates, no torn reads") {
            val engine = FlagEngine(ruleset(1))
            val notifications = AtomicInteger()
            engine.setListener(object : FlagChangeListener {
                override fun onFlagsChanged(revision: ULong, changedFlags: List<String>) {
                    notifications.incrementAndGet()
                }
            })
            val ctx = mapOf("userId" to ContextValue.Text("u1"))
            val done = AtomicBoolean(false)
            val start = CountDownLatch(1)
            val errors = Collections.synchronizedList(mutableListOf<String>())
            val reads = AtomicLong()
            val seen = ConcurrentHashMap.newKeySet<Long>()

            val readers = (0 until READERS).map { id ->
                Thread {
                    try {
                        start.await()
                        var last = 0L
                        while (!done.get() && errors.isEmpty()) {
                            val all = engine.evaluateAll(ctx, 0)
                            val r = (all.getValue("m0").value as FlagValue.Number).value.toLong()
                            for (i in 0 until MARKERS) {
                                val v = (all.getValue("m$i").value as FlagValue.Number).value.toLong()
                                if (v != r) errors.add("reader $id: torn evaluateAll: m0=$r m$i=$v")
                            }
                            if (all.getValue("s").value != FlagValue.Text("r$r")) errors.add("reader $id: s=${all["s"]?.value} in revision $r")
                            if (all.getValue("even").value != FlagValue.Bool(r % 2 == 0L)) errors.add("reader $id: even wrong in revision $r")
                            if (r < last) errors.add("reader $id: revision went back from $last to $r")
                            last = r
                            val single = engine.numberValue("m${(reads.get() % MARKERS).toInt()}", -1.0, ctx, 0).toLong()
                            if (single < last || single > UPDATES + 1) errors.add("reader $id: single read $single after $last")
                            last = maxOf(last, single)
                            val revision = engine.revision().toLong()
                            if (revision < last) errors.add("reader $id: revision() $revision after seeing $last")
                            seen.add(r)
                            reads.addAndGet(2)
                        }
                    } catch (t: Throwable) {
                        errors.add("reader $id threw ${t::class.simpleName}: ${t.message}")
                    }
                }.also { it.start() }
            }
            val writer = Thread {
                try {
                    start.await()
                    for (r in 2L..(UPDATES + 1L)) engine.update(ruleset(r))
                } catch (t: Throwable) {
                    errors.add("writer threw ${t::class.simpleName}: ${t.message}")
                } finally {
                    done.set(true)
                }
            }.also { it.start() }
            start.countDown()
            writer.join()
            readers.forEach { it.join() }

            check(errors.isEmpty()) { errors.take(5).joinToString("\n") }
            check(engine.revision() == (UPDATES + 1).toULong()) { "final revision ${engine.revision()}" }
            check(notifications.get() == UPDATES) { "listener called ${notifications.get()} times" }
            // The readers really ran during the updates (not all before or after them).
            check(seen.size > 2) { "readers saw only revisions $seen" }
            println("concurrency: ${reads.get()} reads by $READERS threads saw ${seen.size} distinct revisions during $UPDATES updates")
            engine.close()
        }
    }
}
