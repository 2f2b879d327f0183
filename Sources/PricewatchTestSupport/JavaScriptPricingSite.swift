import Foundation
import Synchronization

/// A loopback site whose pricing pages arrive as an empty shell: a script fetches `/plans.json` after
/// 300 ms and builds the plan cards, as many vendors' pages do. Read as served, a page has no plans; only
/// a browser sees them. For the `render: browser` tests, the browser benchmark and the demo.
///
/// Paths: `/pricing` and `/pricing/N` (the shell, page N naming vendor "Vendor N"), `/plans.json`,
/// `/logo.png` and `/font.woff2` (which a page asks for and a browser on a leash never fetches),
/// `/pricing-slow` (a shell whose script asks at once for plans that take a second to arrive),
/// `/static` (the cards as a browser builds them, served as HTML), `/never` (a shell whose plans never arrive), `/redirect-to-file` (a 302 to `file:///etc/passwd`),
/// `/navigate-to-file` (a page whose script navigates to `file:///etc/passwd`).
public final class JavaScriptPricingSite: Sendable {
    /// A plan as `/plans.json` lists it.
    public struct Plan: Sendable, Hashable {
        /// The plan's name.
        public var name: String
        /// Its monthly price as shown, `$49`.
        public var price: String

        /// Creates a plan.
        public init(name: String, price: String) {
            self.name = name
            self.price = price
        }
    }

    /// The plans served at the start.
    public static let defaultPlans = [
        Plan(name: "Starter", price: "$9"), Plan(name: "Team", price: "$49"), Plan(name: "Enterprise", price: "$499"),
    ]

    /// The server; its `requests` show what the browser asked for.
    public let server: LoopbackHTTPServer
    private let plans: PlanList

    /// The plans, shared with the server's handler.
    private final class PlanList: Sendable {
        let current: Mutex<[Plan]>
        init(_ plans: [Plan]) { current = Mutex(plans) }
    }

    /// Starts the site on 127.0.0.1.
    ///
    /// - Throws: `LoopbackServerError` when the server cannot start.
    public init(plans: [Plan] = defaultPlans) throws(LoopbackServerError) {
        let list = PlanList(plans)
        self.plans = list
        server = try LoopbackHTTPServer { request in
            Self.respond(to: request.path, plans: list.current.withLock { $0 })
        }
    }

    deinit { server.stop() }

    /// Replaces the plans `/plans.json` serves.
    public func setPlans(_ newPlans: [Plan]) { plans.current.withLock { $0 = newPlans } }

    /// The absolute URL of `path`.
    public func url(_ path: String) -> String { server.url(path) }

    /// The `selectors.yml` site rules that read these pages.
    public static let siteRules = """
          jsdemo:
            vendor:
              css: "h1.vendor"
              required: true
            plans:
              each:
                css: "#plans .plan"
              required: true
              name:
                css: ".name"
              prices:
                monthly:
                  css: ".price"
        """

    static func respond(to path: String, plans: [Plan]) -> LoopbackResponse {
        switch path {
        case "/plans.json?slow":
            return respond(to: "/plans.json", plans: plans).delayingFirstByte(by: .seconds(1))
        case "/plans.json":
            let items = plans.map { "{\"name\": \(jsonString($0.name)), \"price\": \(jsonString($0.price))}" }
            return .ok("[" + items.joined(separator: ", ") + "]", contentType: "application/json")
        case "/plans.json?heavy":
            // The plans, then 2 MB of insignificant white space: over a 1 MB max_body_mb.
            let plans = respond(to: "/plans.json", plans: plans)
            guard case .bytes(let body) = plans.body else { return plans }
            return .ok(
                String(decoding: body, as: UTF8.self) + String(repeating: " ", count: 2 << 20),
                contentType: "application/json")
        case "/pricing-heavy":
            return .ok(
                shell(vendor: "Acme Cloud", script: cardsScript(from: "/plans.json?heavy", afterMilliseconds: nil)))
        case "/logo.png":
            return LoopbackResponse(status: 200, headers: [("Content-Type", "image/png")], body: .bytes([0x89, 0x50]))
        case "/font.woff2":
            return LoopbackResponse(status: 200, headers: [("Content-Type", "font/woff2")], body: .bytes([0x77]))
        case "/redirect-to-file":
            return .redirect(to: "file:///etc/passwd")
        case "/navigate-to-file":
            return .ok(shell(vendor: "Acme Cloud", script: "location.href = 'file:///etc/passwd';" + buildCards))
        case "/static":
            return .ok(shell(vendor: "Acme Cloud", script: "", cards: plans))
        case "/pricing-slow":
            return .ok(
                shell(vendor: "Acme Cloud", script: cardsScript(from: "/plans.json?slow", afterMilliseconds: nil)))
        case "/never":
            return .ok(shell(vendor: "Acme Cloud", script: "/* the plans never arrive */"))
        case "/pricing":
            return .ok(shell(vendor: "Acme Cloud", script: buildCards))
        default:
            if path.hasPrefix("/pricing/"), let number = Int(path.dropFirst("/pricing/".count)) {
                return .ok(shell(vendor: "Vendor \(number)", script: buildCards))
            }
            return .status(404)
        }
    }

    /// Fetches the plans 300 ms after the script runs and builds one card per plan.
    static let buildCards = cardsScript(from: "/plans.json", afterMilliseconds: 300)

    /// Fetches the plans from `url`, at once or after a delay, and builds one card per plan.
    static func cardsScript(from url: String, afterMilliseconds delay: Int?) -> String {
        let load = """
              fetch('\(url)').then((response) => response.json()).then((plans) => {
                const list = document.getElementById('plans');
                for (const plan of plans) {
                  const card = document.createElement('div');
                  card.className = 'plan';
                  const name = document.createElement('h3');
                  name.className = 'name';
                  name.textContent = plan.name;
                  const price = document.createElement('span');
                  price.className = 'price';
                  price.textContent = plan.price + '/mo';
                  card.append(name, price);
                  list.append(card);
                }
              });
            """
        return delay.map { "setTimeout(() => {\n\(load)\n}, \($0));" } ?? load
    }

    static func shell(vendor: String, script: String, cards: [Plan] = []) -> String {
        // The cards a browser builds, served as they are (for `/static`).
        let built = cards.map {
            "<div class=\"plan\"><h3 class=\"name\">\($0.name)</h3><span class=\"price\">\($0.price)/mo</span></div>"
        }
        return """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>\(vendor) pricing</title>
            <style>@font-face { font-family: Brand; src: url(/font.woff2) format('woff2'); }
            body { font-family: Brand, sans-serif; }</style></head>
            <body><h1 class="vendor">\(vendor)</h1><img src="/logo.png" alt="logo">
            <div id="plans">\(built.joined())</div>
            <script>\(script)</script></body></html>
            """
    }

    static func jsonString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode([text])) ?? Data("[\"\"]".utf8), as: UTF8.self)
            .dropFirst().dropLast().description
    }
}
