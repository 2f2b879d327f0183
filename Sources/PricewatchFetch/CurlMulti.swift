internal import CCurl

/// The one libcurl multi handle that drives every transfer, and the share handle its easy handles use.
///
/// Thread use: everything but `wakeUp()` is called on the transfer engine's thread only; `wakeUp()` uses
/// `curl_multi_wakeup`, which libcurl documents as callable from any thread. That split is what makes the
/// `@unchecked Sendable` sound.
final class CurlMulti: @unchecked Sendable {
    let multi: UnsafeMutableRawPointer
    let share: UnsafeMutableRawPointer

    /// Creates the handles. The multi handle's own connection pool gives keep-alive reuse across transfers;
    /// the share handle adds a DNS cache and TLS session resumption.
    init(options: FetchOptions) throws(CurlSetupError) {
        try CurlGlobal.ensureInitialized()
        guard let share = curl_share_init() else {
            throw CurlSetupError(step: "curl_share_init", reason: "out of memory")
        }
        guard let multi = curl_multi_init() else {
            curl_share_cleanup(share)
            throw CurlSetupError(step: "curl_multi_init", reason: "out of memory")
        }
        self.share = share
        self.multi = multi
        // No lock callbacks: only the engine thread ever uses these handles.
        _ = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_DNS.rawValue))
        _ = ccurl_share_setopt_long(share, CURLSHOPT_SHARE, Int(CURL_LOCK_DATA_SSL_SESSION.rawValue))
        // The engine admits transfers within the limits itself; these keep libcurl's pool consistent with it.
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, options.maxPerHost)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, options.maxConcurrent)
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, options.maxConcurrent * 2)
    }

    // Every easy handle is removed and cleaned up by the engine before its last reference to this goes,
    // so the share handle is no longer in use here.
    deinit {
        curl_multi_cleanup(multi)
        curl_share_cleanup(share)
    }

    /// Interrupts a `poll` in progress on the engine thread; safe from any thread.
    func wakeUp() {
        _ = curl_multi_wakeup(multi)
    }

    func add(_ transfer: CurlTransfer) -> Bool {
        curl_multi_add_handle(multi, transfer.handle) == CURLM_OK
    }

    func remove(_ transfer: CurlTransfer) {
        _ = curl_multi_remove_handle(multi, transfer.handle)
    }

    /// Moves every transfer forward as far as it can without blocking.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(multi, &running)
    }

    /// The transfers libcurl finished since the last call: each easy handle with its result code.
    func completed() -> [(handle: UnsafeMutableRawPointer, code: CURLcode)] {
        var done: [(handle: UnsafeMutableRawPointer, code: CURLcode)] = []
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            if message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle {
                done.append((handle, message.pointee.data.result))
            }
        }
        return done
    }

    /// Waits for socket activity, libcurl's next timeout, `wakeUp()` or `timeoutMilliseconds`.
    func poll(timeoutMilliseconds: Int32) {
        _ = curl_multi_poll(multi, nil, 0, timeoutMilliseconds, nil)
    }
}
