import Foundation
import PricewatchFetch
import PricewatchTestSupport
import Testing

/// User names, passwords and secret header values never appear in what the fetcher reports.
@Suite struct CredentialRedactionTests {
    @Test(arguments: [
        ("https://user:pass@example.com/pricing", "https://[redacted]@example.com/pricing", true),
        ("http://token@example.com", "http://[redacted]@example.com", true),
        (
            "see http://a:b@x.test:8080/p?q=@ and https://y.test/@z",
            "see http://[redacted]@x.test:8080/p?q=@ and https://y.test/@z", true
        ),
        ("https://example.com/path@version", "https://example.com/path@version", false),
        ("mail me at a@b.test", "mail me at a@b.test", false),
    ])
    func credentialsAreFoundAndHidden(text: String, hidden: String, present: Bool) {
        #expect(URLCredentials.hidingCredentials(in: text) == hidden)
        #expect(URLCredentials.present(in: text) == present)
    }

    @Test func aRedirectCarryingCredentialsIsFollowedButItsURLIsShownWithoutThem() async throws {
        let server = try LoopbackHTTPServer { _ in .ok("<p>final</p>") }
        defer { server.stop() }
        let target = server.url("/b").replacingOccurrences(of: "http://", with: "http://user:s3cret@")
        let redirecting = try LoopbackHTTPServer { _ in .redirect(to: target) }
        defer { redirecting.stop() }

        let response = try await Fetcher(options: quickOptions()).fetch(
            FetchRequest(id: "t", url: redirecting.url("/start")))

        #expect(response.status == 200)
        #expect(!response.finalURL.contains("s3cret"), "\(response.finalURL)")
        #expect(response.finalURL == server.url("/b").replacingOccurrences(of: "http://", with: "http://[redacted]@"))
    }

    @Test func aRequestURLWithCredentialsIsShownWithoutThemInErrors() async throws {
        let server = try LoopbackHTTPServer { _ in .status(404) }
        defer { server.stop() }
        let url = server.url("/gone").replacingOccurrences(of: "http://", with: "http://user:s3cret@")

        let error = try #require(try await fetchError(url))

        #expect(error.kind == .httpStatus(404))
        #expect(!"\(error)".contains("s3cret"), "\(error)")
        #expect("\(error)".contains("[redacted]@127.0.0.1"))
    }

    @Test func aSecretHeaderEchoedByTheServerIsHiddenFromTheError() async throws {
        // A careless server echoes the credential it refuses; the error quotes the start of its body.
        let server = try LoopbackHTTPServer { request in
            let echo = "Unauthorized: bad credentials '\(request.header("Authorization") ?? "")'"
            return LoopbackResponse(
                status: 401, headers: [("Content-Type", "text/plain")], body: .bytes(Array(echo.utf8)))
        }
        defer { server.stop() }
        let request = FetchRequest(
            id: "t", url: server.url("/pricing"),
            headers: [HTTPHeader(name: "Authorization", value: "Bearer tok-123456", isSecret: true)])

        let error = try #require(await fetchError(try Fetcher(options: quickOptions()), request))

        #expect(server.requests.first?.header("Authorization") == "Bearer tok-123456")
        #expect(error.kind == .httpStatus(401))
        #expect(!"\(error)".contains("tok-123456"), "\(error)")
        #expect("\(error)".contains("headers:"), "a 401 says how to send credentials: \(error)")
        #expect(!"\(request)".contains("tok-123456"), "printing the request hides the secret")
    }
}
