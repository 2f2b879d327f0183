internal import CLibCrypto

/// SHA-256 from OpenSSL's libcrypto (the EVP API), for record fingerprints and webhook signatures.
///
/// libcrypto is already in every pricewatch process (libcurl links it), uses the CPU's SHA instructions,
/// and costs no build time; docs/bench.md has the comparison with swift-crypto.
public enum SHA256 {
    /// The digest length in bytes.
    public static let digestSize = 32

    /// The SHA-256 digest of `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        if let digest = message.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(message).withUnsafeBytes { hash($0) }
    }

    /// The SHA-256 digest of the bytes in `message`.
    public static func hash(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestSize)
        var length: UInt32 = 0
        let succeeded = digest.withUnsafeMutableBufferPointer { output in
            EVP_Digest(message.baseAddress, message.count, output.baseAddress, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when memory runs out or the provider is missing: nothing to recover from.
        precondition(succeeded == 1 && length == UInt32(digestSize), "libcrypto's EVP_Digest(SHA-256) failed")
        return digest
    }
}

/// HMAC-SHA256 (RFC 2104) from libcrypto: what webhook receivers recompute to check a payload came from us.
public enum HMACSHA256 {
    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(for message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        let message = Array(message)
        let key = Array(key)
        var code = [UInt8](repeating: 0, count: SHA256.digestSize)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { key in
            message.withUnsafeBufferPointer { message in
                code.withUnsafeMutableBufferPointer { output in
                    HMAC(
                        EVP_sha256(), key.baseAddress, Int32(key.count), message.baseAddress, message.count,
                        output.baseAddress, &length)
                }
            }
        }
        precondition(result != nil && length == UInt32(SHA256.digestSize), "libcrypto's HMAC(SHA-256) failed")
        return code
    }
}
