internal import CCurl

/// One attempt's libcurl easy handle, header list and received data. Created, driven and released on the
/// transfer engine's thread only; frees its C resources exactly once, in `deinit`.
final class CurlTransfer {
    let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maxBodyBytes: Int
    private var body: [UInt8] = []
    private var headers: [HTTPHeader] = []
    /// Set by the write callback when the decoded body crossed `maxBodyBytes` (chunked bodies announce no
    /// length, so `CURLOPT_MAXFILESIZE_LARGE` alone cannot catch them).
    private var exceededBodyLimit = false

    /// Creates and configures an easy handle for `request`.
    ///
    /// - Throws: the failing setup call's `CurlFailure` (unknown option, out of memory).
    init(request: FetchRequest, options: FetchOptions, share: UnsafeMutableRawPointer) throws(CurlFailure) {
        guard let handle = curl_easy_init() else { throw CurlFailure(CURLE_OUT_OF_MEMORY) }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
        self.maxBodyBytes = options.maxBodyBytes
        try configure(request, options, share)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// What the attempt produced, once libcurl reports it done with `code`.
    func outcome(_ code: CURLcode) -> AttemptOutcome {
        guard code == CURLE_OK else {
            if exceededBodyLimit || code == CURLE_FILESIZE_EXCEEDED {
                return .failed(.bodyTooLarge(limit: maxBodyBytes), detail: "")
            }
            let failure = CurlFailure(code, errorBuffer: String(cString: errorBuffer))
            return .failed(FetchError.Kind(failure), detail: failure.message)
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effectiveURL: UnsafeMutablePointer<CChar>?
        _ = ccurl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effectiveURL)
        return .completed(
            AttemptResponse(
                status: status, finalURL: effectiveURL.map { String(cString: $0) } ?? "", headers: headers,
                body: body))
    }

    private func configure(_ request: FetchRequest, _ options: FetchOptions, _ share: UnsafeMutableRawPointer)
        throws(CurlFailure)
    {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try check(ccurl_easy_setopt_string(handle, CURLOPT_URL, request.url))
        // Signals are process-wide and this runs on a background thread; the threaded resolver needs none.
        try check(ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        try check(ccurl_easy_setopt_share(handle, share))
        try check(ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(ccurl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        try check(ccurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1))
        try check(ccurl_easy_setopt_long(handle, CURLOPT_MAXREDIRS, options.maxRedirects))
        let connectTimeout = options.connectTimeout.roundedUpMilliseconds
        try check(ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connectTimeout))
        try check(ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, options.totalTimeout.roundedUpMilliseconds))
        if options.lowSpeedLimit > 0 {
            try check(ccurl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedLimit))
            let lowSpeedSeconds = max(1, (options.lowSpeedTime.roundedUpMilliseconds + 999) / 1000)
            try check(ccurl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, lowSpeedSeconds))
        }
        // The curl tool's receive buffer: a typical page arrives in one or two reads instead of several.
        try check(ccurl_easy_setopt_long(handle, CURLOPT_BUFFERSIZE, 100 * 1024))
        try check(ccurl_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(options.maxBodyBytes)))
        try check(ccurl_easy_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent))
        try check(ccurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, options.verifiesTLS ? 1 : 0))
        try check(ccurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, options.verifiesTLS ? 2 : 0))
        // An empty string offers every encoding this libcurl can decode (gzip, deflate, br, zstd).
        try check(ccurl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, ""))
        try check(ccurl_easy_setopt_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS))
        // Proxies: libcurl reads http_proxy/https_proxy/no_proxy itself as long as CURLOPT_PROXY is unset.
        try configureMethodAndBody(request)
        try configureHeaders(request)

        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context))
        try check(
            ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            })
        try check(ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context))
        try check(
            ccurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                guard let data, let context else { return 0 }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
                return size * count
            })
    }

    private func configureMethodAndBody(_ request: FetchRequest) throws(CurlFailure) {
        let method = request.method.uppercased()
        if let body = request.body {
            try check(ccurl_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, so the buffer need not outlive this call; the
            // terminator only guarantees a valid pointer for an empty body.
            let fields = body.map { CChar(bitPattern: $0) } + [0]
            try check(
                fields.withUnsafeBufferPointer { buffer in
                    ccurl_easy_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress)
                })
            if method != "POST" { try check(ccurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
        } else if method == "HEAD" {
            try check(ccurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1))
        } else if method != "GET" {
            try check(ccurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method))
        }
    }

    private func configureHeaders(_ request: FetchRequest) throws(CurlFailure) {
        for header in request.conditionalHeaders + request.headers {
            guard let extended = curl_slist_append(headerList, "\(header.name): \(header.value)") else {
                throw CurlFailure(CURLE_OUT_OF_MEMORY)
            }
            headerList = extended
        }
        if let headerList { try check(ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)) }
    }

    /// Appends body bytes; returning less than offered makes libcurl abort with a write error.
    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= maxBodyBytes else {
            exceededBodyLimit = true
            return 0
        }
        if body.isEmpty {
            var announced: curl_off_t = -1
            _ = ccurl_easy_getinfo_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced)
            if announced > 0 { body.reserveCapacity(min(Int(announced), maxBodyBytes)) }
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Keeps the header fields of the latest response: a status line (redirect, `100 Continue`) starts over.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        // Byte-level parsing: this runs for every header line of every page, so no Foundation here.
        let line = bytes.trimmingHTTPWhitespace
        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(decoding: line[..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...].trimmingHTTPWhitespace, as: UTF8.self)
            headers.append(HTTPHeader(name: name, value: value))
        }
    }

    private func check(_ code: CURLcode) throws(CurlFailure) {
        guard code == CURLE_OK else { throw CurlFailure(code, errorBuffer: String(cString: errorBuffer)) }
    }
}
