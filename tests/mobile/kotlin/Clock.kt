package dev.rollgate.tests

import dev.rollgate.FakeFlagEngine
import dev.rollgate.contextOf
import dev.rollgate.ffi.FlagEngine
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.Locale
import kotlin.random.Random

/**
 * The server's clock (`observeServerClock`, ADR 0026) through the generated bindings: a device
 * clock days off no longer moves a scheduled ramp step once a response's `Date` was observed;
 * and thousands of `Date` headers written by java.time read as the instants they name.
 */
object Clock {
    private const val DAY = 86_400_000L
    private const val HOUR = 3_600_000L

    /** IMF-fixdate, as servers write `Date`. */
    private val IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC)

    private fun httpDate(ms: Long): String = IMF_FIXDATE.format(Instant.ofEpochMilli(ms))

    private fun ramp(step: Long) = """{"schema": 1, "revision": 1, "flags": {"search-v2": {"type": "boolean",
        "variants": {"on": true, "off": false}, "default": "off",
        "rules": [{"id": "ramp", "rollout": {"by": "userId", "serve": "on",
            "steps": [{"at": $step, "percent": 100}, {"at": ${step + 3 * DAY}, "percent": 100}]}}]}}}"""

    fun run(results: Results) {
        val user = contextOf("userId" to "u1")

        results.run("clock: a device two days behind serves the ramp step the server has passed") {
            val step = System.currentTimeMillis() + DAY // one day ahead of the device
            FlagEngine(ramp(step)).use { engine ->
                check(!engine.boolValue("search-v2", true, user)) { "the device's clock has not reached the step" }
                check(engine.nextChangeAfter() == step)
                check(engine.clockOffsetMs() == 0L)
                // A response from a server whose clock is two days ahead of this device's.
                val sent = System.currentTimeMillis()
                val received = System.currentTimeMillis()
                check(engine.observeServerClock(httpDate(sent + 2 * DAY), null, sent, received))
                check(Math.abs(engine.clockOffsetMs() - 2 * DAY) < 2000) { "offset ${engine.clockOffsetMs()}" }
                check(engine.boolValue("search-v2", false, user)) { "the server's clock has passed the step" }
                check(engine.nextChangeAfter() == step + 3 * DAY) { "${engine.nextChangeAfter()}" }
                // An explicit `now` is the caller's instant, never corrected.
                check(!engine.boolValue("search-v2", true, user, step - HOUR))
                // No Date, or one that cannot be read: nothing measured, the estimate stays.
                check(!engine.observeServerClock(null, "12", sent, received))
                check(!engine.observeServerClock("Sunday, 06-Nov-94 08:49:37 GMT", null, sent, received))
                check(Math.abs(engine.clockOffsetMs() - 2 * DAY) < 2000)
                // The user fixes the device's clock: a response that agrees resets the estimate.
                val now = System.currentTimeMillis()
                check(engine.observeServerClock(httpDate(now), "0", now, now + 100))
                check(engine.clockOffsetMs() == 0L && !engine.boolValue("search-v2", true, user))
            }
        }

        results.run("clock: a device three hours ahead does not start a step early") {
            val step = System.currentTimeMillis() - HOUR // passed on the device, not on the server
            FlagEngine(ramp(step)).use { engine ->
                check(engine.boolValue("search-v2", false, user))
                val sent = System.currentTimeMillis()
                check(engine.observeServerClock(httpDate(sent - 3 * HOUR), null, sent, System.currentTimeMillis()))
                check(!engine.boolValue("search-v2", true, user))
                check(engine.nextChangeAfter() == step) { "${engine.nextChangeAfter()}" }
            }
        }

        results.run("clock: 5,000 Date headers written by java.time read as the instants they name") {
            val random = Random(26)
            val first = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli() / 1000
            val last = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli() / 1000
            FlagEngine.empty().use { engine ->
                repeat(5000) { i ->
                    val server = random.nextLong(first, last + 1) * 1000
                    // RFC_1123_DATE_TIME writes one-digit days ("Tue, 3 Jun 2008"); IMF-fixdate two.
                    val date = if (i % 2 == 0 && server in 0 until 4_102_444_800_000L) {
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(server).atOffset(ZoneOffset.UTC))
                    } else {
                        httpDate(server)
                    }
                    val skew = random.nextLong(-10 * 365 * DAY, 10 * 365 * DAY)
                    val sent = server + 500 + skew // the device's clock `skew` ahead
                    engine.observeServerClock(date, null, sent, sent)
                    val expected = if (Math.abs(skew) <= 500) 0L else -skew
                    check(engine.clockOffsetMs() == expected) { "$date, sent $sent: ${engine.clockOffsetMs()} != $expected" }
                }
            }
        }

        results.run("clock: the FakeFlagEngine has no clock to correct") {
            val fake = FakeFlagEngine(mapOf("search-v2" to true))
            check(!fake.observeServerClock(httpDate(System.currentTimeMillis() + DAY), null, 0, 0))
            check(fake.clockOffsetMs() == 0L && fake.boolValue("search-v2", false, user))
        }
    }
}
