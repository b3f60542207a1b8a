package dev.rollgate.tests

/** The small ruleset of the bad-input and persistence tests (same as tests/mobile/python/fixtures.py). */
object Fixtures {
    fun ruleset(
        revision: Long,
        checkoutPercent: Int = 100,
        layoutDefault: String = "A",
        extraFlags: Map<String, Any?> = emptyMap(),
    ): String {
        val flags = linkedMapOf<String, Any?>(
            "new-checkout" to mapOf(
                "type" to "boolean", "variants" to mapOf("on" to true, "off" to false), "default" to "off",
                "metadata" to mapOf("owner" to "payments"),
                "rules" to listOf(
                    mapOf("id" to "old-apps", "when" to mapOf("attr" to "appVersion", "op" to "semver", "range" to "<2.3.0"), "serve" to "off"),
                    mapOf("id" to "all", "rollout" to mapOf("by" to "userId", "percent" to checkoutPercent, "serve" to "on")),
                ),
            ),
            "layout" to mapOf("type" to "string", "variants" to mapOf("A" to "a", "B" to "b"), "default" to layoutDefault),
            "max-items" to mapOf("type" to "number", "variants" to mapOf("few" to 3, "many" to 30), "default" to "few"),
            "theme" to mapOf("type" to "object", "variants" to mapOf("dark" to mapOf("bg" to "#000")), "default" to "dark"),
            "rev-marker" to mapOf("type" to "number", "variants" to mapOf("r" to revision), "default" to "r"),
        )
        flags.putAll(extraFlags)
        return Json.write(mapOf("schema" to 1, "revision" to revision, "flags" to flags))
    }
}
