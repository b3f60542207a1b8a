package dev.rollgate.tests

/**
 * A minimal JSON reader and writer for the tests (the JVM has none built in, and the tests should
 * need nothing beyond kotlinc and JNA). Objects keep key order (LinkedHashMap); integers that fit
 * a Long stay Long, other numbers are [Text]: their text as the document wrote it, so that
 * writing a parsed document back hands the engine exactly the numbers it had (`Double.toString`
 * would turn `1e25` into `1.0E25`, and a Double cannot hold an integer beyond 2^63 at all).
 */
object Json {
    /** A number kept as its JSON text; as a Kotlin number it is the nearest double. */
    class Text(val text: String) : Number() {
        private val double = text.toDouble()
        override fun toDouble() = double
        override fun toFloat() = double.toFloat()
        override fun toLong() = double.toLong()
        override fun toInt() = double.toInt()
        override fun toShort() = double.toInt().toShort()
        override fun toByte() = double.toInt().toByte()
        override fun equals(other: Any?) = other is Text && other.double == double
        override fun hashCode() = double.hashCode()
        override fun toString() = text
    }

    fun parse(text: String): Any? {
        val p = Parser(text)
        val value = p.value()
        p.skipWs()
        require(p.pos == text.length) { "trailing characters at ${p.pos}" }
        return value
    }

    fun write(value: Any?): String = StringBuilder().also { write(value, it) }.toString()

    private fun write(value: Any?, out: StringBuilder) {
        when (value) {
            null -> out.append("null")
            is Boolean, is Long, is Int, is Text -> out.append(value.toString())
            is Double -> {
                require(value.isFinite()) { "JSON cannot hold $value" }
                out.append(value.toString())
            }
            is String -> writeString(value, out)
            is Map<*, *> -> {
                out.append('{')
                value.entries.forEachIndexed { i, (k, v) ->
                    if (i > 0) out.append(',')
                    writeString(k as String, out)
                    out.append(':')
                    write(v, out)
                }
                out.append('}')
            }
            is List<*> -> {
                out.append('[')
                value.forEachIndexed { i, v ->
                    if (i > 0) out.append(',')
                    write(v, out)
                }
                out.append(']')
            }
            else -> throw IllegalArgumentException("not JSON: ${value::class}")
        }
    }

    private fun writeString(s: String, out: StringBuilder) {
        out.append('"')
        for (c in s) {
            when {
                c == '"' -> out.append("\\\"")
                c == '\\' -> out.append("\\\\")
                c < ' ' -> out.append(String.format("\\u%04x", c.code))
                else -> out.append(c)
            }
        }
        out.append('"')
    }

    /** JSON equality where numbers compare as doubles (1 equals 1.0). */
    fun equal(a: Any?, b: Any?): Boolean = when {
        a is Number && b is Number -> a.toDouble() == b.toDouble()
        a is List<*> && b is List<*> -> a.size == b.size && a.indices.all { equal(a[it], b[it]) }
        a is Map<*, *> && b is Map<*, *> -> a.keys == b.keys && a.keys.all { equal(a[it], b[it]) }
        else -> a == b
    }

    private class Parser(val s: String) {
        var pos = 0

        fun skipWs() {
            while (pos < s.length && s[pos] in " \t\r\n") pos++
        }

        fun value(): Any? {
            skipWs()
            require(pos < s.length) { "unexpected end" }
            return when (val c = s[pos]) {
                '{' -> obj()
                '[' -> arr()
                '"' -> str()
                't' -> literal("true", true)
                'f' -> literal("false", false)
                'n' -> literal("null", null)
                else -> if (c == '-' || c.isDigit()) num() else error("unexpected '$c' at $pos")
            }
        }

        fun literal(word: String, v: Any?): Any? {
            require(s.startsWith(word, pos)) { "bad literal at $pos" }
            pos += word.length
            return v
        }

        fun obj(): Map<String, Any?> {
            val m = LinkedHashMap<String, Any?>()
            pos++
            skipWs()
            if (s[pos] == '}') { pos++; return m }
            while (true) {
                skipWs()
                val k = str()
                skipWs()
                require(s[pos] == ':') { "expected ':' at $pos" }
                pos++
                m[k] = value()
                skipWs()
                when (s[pos++]) {
                    ',' -> continue
                    '}' -> return m
                    else -> error("expected ',' or '}' at ${pos - 1}")
                }
            }
        }

        fun arr(): List<Any?> {
            val l = ArrayList<Any?>()
            pos++
            skipWs()
            if (s[pos] == ']') { pos++; return l }
            while (true) {
                l.add(value())
                skipWs()
                when (s[pos++]) {
                    ',' -> continue
                    ']' -> return l
                    else -> error("expected ',' or ']' at ${pos - 1}")
                }
            }
        }

        fun str(): String {
            require(s[pos] == '"') { "expected string at $pos" }
            pos++
            val b = StringBuilder()
            while (true) {
                val c = s[pos++]
                when (c) {
                    '"' -> return b.toString()
                    '\\' -> when (val e = s[pos++]) {
                        '"', '\\', '/' -> b.append(e)
                        'b' -> b.append('\b')
                        'f' -> b.append('\u000c')
                        'n' -> b.append('\n')
                        'r' -> b.append('\r')
                        't' -> b.append('\t')
                        'u' -> { b.append(s.substring(pos, pos + 4).toInt(16).toChar()); pos += 4 }
                        else -> error("bad escape \\$e")
                    }
                    else -> b.append(c)
                }
            }
        }

        fun num(): Any {
            val start = pos
            while (pos < s.length && (s[pos].isDigit() || s[pos] in "+-.eE")) pos++
            val text = s.substring(start, pos)
            val integral = text.none { it in ".eE" }
            return (if (integral) text.toLongOrNull() else null) ?: Text(text)
        }
    }
}
