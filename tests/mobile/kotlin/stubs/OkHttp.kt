// Stub of the OkHttp 4 API used by mobile/README.md (see README.md here).
package okhttp3

import java.io.Closeable

open class OkHttpClient {
    open fun newCall(request: Request): Call = throw UnsupportedOperationException("stub: no network")
}

interface Call {
    fun execute(): Response
}

class Request private constructor(val url: String, val headers: Map<String, String>) {
    fun header(name: String): String? = headers[name]

    class Builder {
        private var url = ""
        private val headers = linkedMapOf<String, String>()
        fun url(url: String): Builder = apply { this.url = url }
        fun header(name: String, value: String): Builder = apply { headers[name] = value }
        fun build(): Request = Request(url, headers)
    }
}

abstract class ResponseBody : Closeable {
    abstract fun bytes(): ByteArray
    override fun close() {}
}

class Response(
    val code: Int,
    val body: ResponseBody?,
    private val headers: Map<String, String> = emptyMap(),
    /** OkHttp: the device's clock (`System.currentTimeMillis`) when the request was sent. */
    val sentRequestAtMillis: Long = 0,
    /** OkHttp: the device's clock when the response's headers arrived. */
    val receivedResponseAtMillis: Long = 0,
) : Closeable {
    val isSuccessful: Boolean get() = code in 200..299
    fun header(name: String, defaultValue: String? = null): String? = headers[name] ?: defaultValue
    override fun close() {}
}
