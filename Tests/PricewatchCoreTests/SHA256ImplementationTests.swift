import PricewatchTestSupport
import Testing

@testable import PricewatchCore

/// `SHA256.hash` uses libcrypto's SHA-256 when libcurl has loaded it and the Swift implementation otherwise:
/// both must give the same digests (the published vectors are checked through `hash` in the signing tests).
@Suite struct SHA256ImplementationTests {
    /// The build installs libcurl4-openssl-dev, so libcrypto is there and the fast path is what runs.
    @Test func libcryptoIsUsedWhenLibcurlBroughtIt() {
        #expect(SHA256.usesLibcrypto)
    }

    @Test func bothImplementationsAgree() {
        var random = SplitMix64(seed: 0x5A256)
        let lengths = Array(0...300) + [4095, 4096, 4097, 65_536, 1_000_003]
        for length in lengths {
            let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let portable = message.withUnsafeBytes { SHA256.portableHash($0) }
            #expect(SHA256.hash(message) == portable, "length \(length)")
        }
        let abc = Array("abc".utf8).withUnsafeBytes { SHA256.portableHash($0) }
        #expect(abc.hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Many threads at once, as extraction workers fingerprint records concurrently.
    @Test func concurrentHashingAgrees() async {
        let message = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let expected = message.withUnsafeBytes { SHA256.portableHash($0) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<200).allSatisfy { _ in SHA256.hash(message) == expected } }
            }
            for await agreed in group { #expect(agreed) }
        }
    }
}
