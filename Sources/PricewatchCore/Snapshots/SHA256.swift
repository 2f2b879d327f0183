#if canImport(Glibc)
    import Glibc
#endif

/// SHA-256 (FIPS 180-4), so neither snapshot fingerprints nor webhook signatures need a crypto package.
///
/// Every run fingerprints every record it extracts. When the process already has OpenSSL's libcrypto
/// (libcurl loads it), its SHA-256, which uses the CPU's SHA instructions, does the hashing: it was ten
/// times faster than the Swift one below, which remains for processes without it.
public enum SHA256 {
    /// The digest length in bytes.
    public static let digestSize = 32
    /// The block length in bytes, which HMAC needs to pad its key.
    public static let blockSize = 64

    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// The SHA-256 digest of `message`.
    public static func hash(_ message: some Collection<UInt8>) -> [UInt8] {
        if let digest = message.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(message).withUnsafeBytes { hash($0) }
    }

    /// The SHA-256 digest of the bytes in `message`.
    public static func hash(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        libcrypto?.hash(message) ?? portableHash(message)
    }

    /// Whether libcrypto's SHA-256 is in use.
    static var usesLibcrypto: Bool { libcrypto != nil }

    /// The Swift implementation, whole blocks read straight from the caller's buffer and only the padded
    /// tail copied.
    static func portableHash(_ message: UnsafeRawBufferPointer) -> [UInt8] {
        var state = initialState
        let wholeBlocks = message.count / blockSize
        roundConstants.withUnsafeBufferPointer { constants in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                for block in 0..<wholeBlocks {
                    let start = block * blockSize
                    compress(
                        UnsafeRawBufferPointer(rebasing: message[start..<start + blockSize]), into: &state,
                        constants: constants, schedule: schedule)
                }
                // The tail, 0x80, zeros up to 8 bytes short of a block, and the bit length: one or two blocks.
                var tail = Array(message[(wholeBlocks * blockSize)...])
                tail.append(0x80)
                tail += [UInt8](repeating: 0, count: (blockSize + 56 - tail.count % blockSize) % blockSize)
                let bitLength = UInt64(message.count) &* 8
                tail += (0..<8).map { UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - $0 * 8)) }
                tail.withUnsafeBytes { padded in
                    for start in stride(from: 0, to: padded.count, by: blockSize) {
                        compress(
                            UnsafeRawBufferPointer(rebasing: padded[start..<start + blockSize]), into: &state,
                            constants: constants, schedule: schedule)
                    }
                }
            }
        }
        return state.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - $0 * 8)) } }
    }

    /// Mixes one 64-byte block into the state.
    @inline(__always)
    private static func compress(
        _ block: UnsafeRawBufferPointer, into state: inout [UInt32], constants: UnsafeBufferPointer<UInt32>,
        schedule: UnsafeMutableBufferPointer<UInt32>
    ) {
        for index in 0..<16 {
            schedule[index] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
        }
        for index in 16..<64 {
            let s0 = rotate(schedule[index - 15], 7) ^ rotate(schedule[index - 15], 18) ^ (schedule[index - 15] >> 3)
            let s1 = rotate(schedule[index - 2], 17) ^ rotate(schedule[index - 2], 19) ^ (schedule[index - 2] >> 10)
            schedule[index] = schedule[index - 16] &+ s0 &+ schedule[index - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        for index in 0..<64 {
            let sum1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let temp1 = h &+ sum1 &+ choice &+ constants[index] &+ schedule[index]
            let sum0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ sum0 &+ majority)
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }

    // Inlined, with masking shifts: a call and an over-shift check per rotation made hashing 1.5 times slower.
    @inline(__always)
    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value &>> count) | (value &<< (32 &- count))
    }
}

/// libcrypto's low-level SHA-256 functions, found only in a libcrypto the process has loaded already.
private struct Libcrypto: Sendable {
    typealias Initialize = @convention(c) (UnsafeMutableRawPointer) -> Int32
    typealias Update = @convention(c) (UnsafeMutableRawPointer, UnsafeRawPointer?, Int) -> Int32
    typealias Finish = @convention(c) (UnsafeMutablePointer<UInt8>, UnsafeMutableRawPointer) -> Int32

    let initialize: Initialize
    let update: Update
    let finish: Finish

    /// `SHA256_CTX` is 112 bytes in every OpenSSL release; the state buffer leaves room to spare.
    private static let stateSize = 256

    init?() {
        #if canImport(Glibc)
            // RTLD_NOLOAD: never load a libcrypto of our own, only use the one libcurl brought.
            let names: [String] = ["libcrypto.so.3", "libcrypto.so.1.1"]
            guard let library = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_NOLOAD) }).first,
                let initialize = dlsym(library, "SHA256_Init"), let update = dlsym(library, "SHA256_Update"),
                let finish = dlsym(library, "SHA256_Final")
            else { return nil }
            // The handle stays open: the functions are used for the life of the process.
            self.initialize = unsafeBitCast(initialize, to: Initialize.self)
            self.update = unsafeBitCast(update, to: Update.self)
            self.finish = unsafeBitCast(finish, to: Finish.self)
        #else
            return nil
        #endif
    }

    func hash(_ message: UnsafeRawBufferPointer) -> [UInt8]? {
        withUnsafeTemporaryAllocation(byteCount: Self.stateSize, alignment: 16) { state in
            guard let context = state.baseAddress, initialize(context) == 1,
                update(context, message.baseAddress, message.count) == 1
            else { return nil }
            var digest = [UInt8](repeating: 0, count: SHA256.digestSize)
            let finished = digest.withUnsafeMutableBufferPointer { buffer in
                buffer.baseAddress.map { finish($0, context) } ?? 0
            }
            return finished == 1 ? digest : nil
        }
    }
}

private let libcrypto = Libcrypto()

extension Collection<UInt8> {
    /// The bytes as lower-case hexadecimal, the form signatures and snapshot digests are written in.
    public var hexString: String {
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        appendHex(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the bytes as lower-case hexadecimal to `text`, for writers that build bytes, not strings.
    func appendHex(to text: inout [UInt8]) {
        for byte in self {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
