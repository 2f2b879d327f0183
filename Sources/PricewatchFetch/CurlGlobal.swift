internal import CCurl

/// libcurl's process-wide setup. `curl_global_init` is not thread-safe and must run exactly once before
/// any other libcurl call: a static `let` is initialised once, atomically, on first use.
enum CurlGlobal {
    private static let initResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

    /// Runs `curl_global_init` if it has not run yet; a failure here means libcurl cannot work at all.
    static func ensureInitialized() throws(CurlSetupError) {
        guard initResult == CURLE_OK else {
            throw CurlSetupError(step: "curl_global_init", reason: CurlFailure(initResult).message)
        }
    }
}

/// libcurl itself could not be set up (out of memory, or a broken libcurl installation).
public struct CurlSetupError: Error, CustomStringConvertible {
    /// The libcurl call that failed.
    public let step: String
    /// libcurl's explanation.
    public let reason: String

    /// Names the failed call and suggests the usual fix.
    public var description: String {
        "libcurl could not be set up: \(step) failed: \(reason). Reinstall libcurl (apt-get install libcurl4) "
            + "and check the machine has free memory."
    }
}

/// A failed libcurl call: its code and the most specific message available. This is the one place a
/// `CURLcode` becomes something Swift code reasons about (see `FetchError.Kind.init(_:)`).
struct CurlFailure: Error, Sendable {
    let code: CURLcode
    let message: String

    /// Wraps `code`, preferring the transfer's error-buffer text over libcurl's generic description.
    init(_ code: CURLcode, errorBuffer: String = "") {
        self.code = code
        self.message = errorBuffer.isEmpty ? String(cString: curl_easy_strerror(code)) : errorBuffer
    }
}

extension FetchError.Kind {
    /// The kind of failure a libcurl result code stands for. Not every timeout is alike: libcurl reports
    /// the low-speed cut-off with the same code as a timeout, told apart by its fixed message.
    init(_ failure: CurlFailure) {
        switch failure.code {
        case CURLE_UNSUPPORTED_PROTOCOL: self = .disallowedProtocol
        case CURLE_URL_MALFORMAT: self = .invalidURL
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: self = .dnsFailure
        case CURLE_COULDNT_CONNECT: self = .connectionRefused
        case CURLE_OPERATION_TIMEDOUT:
            self = failure.message.hasPrefix("Operation too slow") ? .tooSlow : .timeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CLIENTCERT:
            self = .tls
        case CURLE_TOO_MANY_REDIRECTS: self = .tooManyRedirects
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2,
            CURLE_HTTP2_STREAM:
            self = .connectionReset
        default: self = .network
        }
    }
}
