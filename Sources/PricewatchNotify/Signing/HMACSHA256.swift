import PricewatchCore

/// HMAC (RFC 2104) over ``PricewatchCore/SHA256``: what webhook receivers recompute to check a payload came
/// from us.
public enum HMACSHA256 {
    /// The HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(for message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        var keyBlock = key.count > SHA256.blockSize ? SHA256.hash(key) : Array(key)
        keyBlock += [UInt8](repeating: 0, count: SHA256.blockSize - keyBlock.count)
        let inner = SHA256.hash(keyBlock.map { $0 ^ 0x36 } + Array(message))
        return SHA256.hash(keyBlock.map { $0 ^ 0x5c } + inner)
    }
}
