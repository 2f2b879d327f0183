import PricewatchHashing
import PricewatchNotify
import Testing

@Suite("Webhook signatures")
struct SigningTests {
    @Test func signatureBindsTimestampAndBody() {
        let signer = WebhookSigner(secret: "s3cret")
        let body = Array(#"{"schema":"pricewatch.report/1"}"#.utf8)
        let signature = signer.signature(for: body, timestamp: 1_780_000_000)
        #expect(signature.hasPrefix("sha256="))
        #expect(
            signature == "sha256="
                + HMACSHA256.authenticationCode(for: Array("1780000000.".utf8) + body, key: Array("s3cret".utf8))
                .hexString)
        #expect(signer.isValid(signature: signature, for: body, timestamp: 1_780_000_000))
        #expect(
            !signer.isValid(signature: signature, for: body, timestamp: 1_780_000_001),
            "a replay with a new timestamp fails")
        #expect(
            !signer.isValid(signature: signature, for: body + [0x20], timestamp: 1_780_000_000), "a changed body fails")
        #expect(!WebhookSigner(secret: "other").isValid(signature: signature, for: body, timestamp: 1_780_000_000))
    }
}
