// The DevTools commands pricewatch sends, as typed values. Field names are the protocol's.

/// `Browser.getVersion`: the first command after start-up, which says the browser is ready.
struct GetVersion: DevToolsCommand {
    static let method = "Browser.getVersion"
    struct Response: Decodable, Sendable {
        let product: String
    }
}

/// `Browser.close`: asks the browser to quit.
struct CloseBrowser: DevToolsCommand {
    static let method = "Browser.close"
    typealias Response = EmptyResponse
}

/// `Browser.setDownloadBehavior`: a page cannot save files on the machine.
struct SetDownloadBehavior: DevToolsCommand {
    static let method = "Browser.setDownloadBehavior"
    typealias Response = EmptyResponse
    let behavior = "deny"
}

/// `Target.createTarget`: a new tab.
struct CreateTarget: DevToolsCommand {
    static let method = "Target.createTarget"
    struct Response: Decodable, Sendable {
        let targetId: String
    }
    let url: String
}

/// `Target.attachToTarget` with flattened sessions: the tab's commands and events carry a `sessionId`.
struct AttachToTarget: DevToolsCommand {
    static let method = "Target.attachToTarget"
    struct Response: Decodable, Sendable {
        let sessionId: String
    }
    let targetId: String
    let flatten = true
}

/// `Target.closeTarget`: closes a tab.
struct CloseTarget: DevToolsCommand {
    static let method = "Target.closeTarget"
    typealias Response = EmptyResponse
    let targetId: String
}

/// `Page.enable`: load and navigation events.
struct EnablePage: DevToolsCommand {
    static let method = "Page.enable"
    typealias Response = EmptyResponse
}

/// `Network.enable`: request events, which tell when the network is idle.
struct EnableNetwork: DevToolsCommand {
    static let method = "Network.enable"
    typealias Response = EmptyResponse
}

/// `Fetch.enable`: every request of the tab pauses until ``ContinueRequest`` or ``FailRequest``.
struct EnableFetch: DevToolsCommand {
    static let method = "Fetch.enable"
    typealias Response = EmptyResponse
    struct Pattern: Encodable, Sendable {
        let urlPattern = "*"
        let requestStage = "Request"
    }
    let patterns = [Pattern()]
}

/// `Fetch.continueRequest`: lets a paused request go on.
struct ContinueRequest: DevToolsCommand {
    static let method = "Fetch.continueRequest"
    typealias Response = EmptyResponse
    let requestId: String
}

/// `Fetch.failRequest`: refuses a paused request.
struct FailRequest: DevToolsCommand {
    static let method = "Fetch.failRequest"
    typealias Response = EmptyResponse
    let requestId: String
    /// `BlockedByClient` for blocked resource types, `AccessDenied` for refused schemes.
    let errorReason: String
}

/// `Page.navigate`: loads a URL in the tab; `errorText` is set when the navigation failed.
struct Navigate: DevToolsCommand {
    static let method = "Page.navigate"
    struct Response: Decodable, Sendable {
        let frameId: String
        let errorText: String?
    }
    let url: String
}

/// `Runtime.evaluate` returning a JSON value, awaiting a promise when the expression gives one.
struct Evaluate<Value: Decodable & Sendable>: DevToolsCommand {
    static var method: String { "Runtime.evaluate" }
    struct Response: Decodable, Sendable {
        struct RemoteObject: Decodable, Sendable {
            let type: String
            let value: Value?
        }
        struct ExceptionDetails: Decodable, Sendable {
            let text: String
        }
        let result: RemoteObject
        let exceptionDetails: ExceptionDetails?
    }
    let expression: String
    let returnByValue = true
    let awaitPromise: Bool
}

// Events.

/// `Fetch.requestPaused`.
struct RequestPaused: Decodable {
    struct Request: Decodable {
        let url: String
    }
    let requestId: String
    let request: Request
    let resourceType: String
}

/// `Network.requestWillBeSent`, `Network.loadingFinished` and `Network.loadingFailed`: only the id is read.
struct NetworkRequestEvent: Decodable {
    let requestId: String
}

/// `Network.requestWillBeSent`, for the URL a request id stands for.
struct RequestWillBeSent: Decodable {
    struct Request: Decodable {
        let url: String
    }
    let requestId: String
    let request: Request
}

/// `Network.dataReceived`: a chunk of a response's body arrived (`dataLength` decoded bytes).
struct DataReceived: Decodable {
    let requestId: String
    let dataLength: Int
}

/// `Page.stopLoading`: stops every download of the tab, as the browser's stop button does.
struct StopLoading: DevToolsCommand {
    static let method = "Page.stopLoading"
    typealias Response = EmptyResponse
}

/// `Page.frameNavigated`.
struct FrameNavigated: Decodable {
    struct Frame: Decodable {
        let id: String
        let parentId: String?
        let url: String
    }
    let frame: Frame
}
