/// A DevTools protocol command: its parameters are the value's encoded fields, its result `Response`.
///
///     struct GetVersion: DevToolsCommand {
///         static let method = "Browser.getVersion"
///         struct Response: Decodable, Sendable { let product: String }
///     }
///     let version = try await connection.send(GetVersion(), timeout: .seconds(10))
public protocol DevToolsCommand: Encodable, Sendable {
    /// What the command returns.
    associatedtype Response: Decodable & Sendable
    /// The protocol method, `Domain.command`.
    static var method: String { get }
}

/// The result of commands whose result carries nothing pricewatch reads.
public struct EmptyResponse: Decodable, Sendable {}
