import Foundation

/// An event Chromium sent (`Page.loadEventFired`, `Fetch.requestPaused`, ...), with its raw parameters.
public struct DevToolsEvent: Sendable {
    /// The name of the synthetic event delivered to every subscriber when the browser goes away.
    public static let disconnected = "pricewatch.disconnected"

    /// The event's name, `Domain.event`.
    public let method: String
    /// The session (attached target) it belongs to; nil for browser-level events.
    public let sessionID: String?
    /// The whole message as received.
    let message: Data

    /// Decodes the event's `params` as `Parameters`.
    ///
    /// - Throws: ``DevToolsError`` (`malformedMessage`) when they do not have that shape.
    public func parameters<Parameters: Decodable>(as type: Parameters.Type = Parameters.self)
        throws(DevToolsError) -> Parameters
    {
        do {
            return try JSONDecoder().decode(EventEnvelope<Parameters>.self, from: message).params
        } catch {
            throw DevToolsError(.malformedMessage, "cannot read the parameters of \(method): \(error)")
        }
    }
}

struct EventEnvelope<Parameters: Decodable>: Decodable {
    let params: Parameters
}

/// What the reader needs to route a message: a response has an `id`, an event a `method`.
struct MessageHeader: Decodable {
    struct ErrorBody: Decodable {
        let code: Int
        let message: String
    }
    let id: Int?
    let method: String?
    let sessionId: String?
    let error: ErrorBody?
}

/// An outgoing command.
struct CommandEnvelope<Parameters: Encodable>: Encodable {
    let id: Int
    let method: String
    let params: Parameters
    let sessionId: String?
}

/// A response's `result`.
struct ResultEnvelope<Result: Decodable>: Decodable {
    let result: Result
}
