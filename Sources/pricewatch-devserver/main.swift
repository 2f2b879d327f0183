import Foundation
import PricewatchTestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

// pricewatch-devserver: the offline stand-in for vendor sites and Slack that `make demo` runs against.
//
//     pricewatch-devserver --pages demo/pages/v1 [--pages-v2 demo/pages/v2]
//
// Serves GET /NAME from the current pages directory (v2 holds only the changed pages and falls back to v1),
// switches to v2 on `POST /_switch` (or when the file `_switch` appears in the v1 directory), and prints
// every `POST /hooks/slack` payload as pretty JSON. The first line on stdout is `PORT <n>`, the second `BASE http://127.0.0.1:<n>`; it runs until killed.
//
//     pricewatch-devserver --postgres
//
// Starts a `PostgresTestServer`, prints `POSTGRES <url>` (password included: the server is throwaway) and
// waits until killed or until its parent exits; the tests kill it to see that the server's watchdog stops the
// server and removes it.

/// The command line, checked before anything starts.
struct DevServerOptions {
    var pages: URL
    var pagesV2: URL?

    static let usage = "usage: pricewatch-devserver --pages DIR [--pages-v2 DIR]"

    /// Reads `--pages` and `--pages-v2`; anything else, or a directory that does not exist, is an error.
    init(arguments: [String]) throws(DevServerError) {
        var pages: URL?
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument == "--pages" || argument == "--pages-v2" else {
                throw DevServerError("unknown argument \(argument)")
            }
            guard let value = iterator.next() else { throw DevServerError("\(argument) needs a directory") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw DevServerError("\(argument) \(value): no such directory")
            }
            let url = URL(fileURLWithPath: value, isDirectory: true).standardizedFileURL
            if argument == "--pages" { pages = url } else { pagesV2 = url }
        }
        guard let pages else { throw DevServerError("--pages is required") }
        self.pages = pages
    }
}

/// A bad command line: says what is wrong and shows the usage.
struct DevServerError: Error, CustomStringConvertible {
    let problem: String
    init(_ problem: String) { self.problem = problem }
    var description: String { "pricewatch-devserver: \(problem)\n\(DevServerOptions.usage)" }
}

/// Which pages directory is served; switched once, from v1 to v2, by the control endpoint or file.
final class PageVersion: Sendable {
    private let isV2 = Mutex(false)
    let v1: URL
    let v2: URL?

    init(v1: URL, v2: URL?) {
        self.v1 = v1
        self.v2 = v2
    }

    /// The directory to serve now; a `_switch` file dropped into v1 switches to v2 as well.
    var current: URL {
        guard let v2 else { return v1 }
        let switched = isV2.withLock { isV2 in
            if !isV2 && FileManager.default.fileExists(atPath: v1.appendingPathComponent("_switch").path) {
                isV2 = true
            }
            return isV2
        }
        return switched ? v2 : v1
    }

    /// Serves v2 from now on; false when no v2 directory was given.
    func switchToV2() -> Bool {
        guard v2 != nil else { return false }
        isV2.withLock { $0 = true }
        return true
    }
}

/// Writes a line to stdout at once, so a script reading the pipe or log sees it without buffering delays.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// The file for a request path inside `directory`, or nil for paths that leave it or name no file.
func file(for path: String, in directory: URL) -> URL? {
    let name = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    let relative = name == "/" ? "index.html" : String(name.drop { $0 == "/" })
    guard !relative.split(separator: "/").contains("..") else { return nil }
    let candidate = directory.appendingPathComponent(relative)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue
    else { return nil }
    return candidate
}

/// The payload pretty-printed with sorted keys, or as text when it is not JSON.
func pretty(_ body: [UInt8]) -> String {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body)),
        let data = try? JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return String(decoding: body, as: UTF8.self) }
    return String(decoding: data, as: UTF8.self)
}

/// Answers one request: control endpoint, webhook receiver, or a page from the current directory.
func respond(to request: RecordedRequest, version: PageVersion) -> LoopbackResponse {
    switch (request.method, request.path) {
    case ("POST", "/_switch"):
        guard version.switchToV2() else {
            return .ok("no --pages-v2 directory to switch to\n", contentType: "text/plain")
        }
        say("SWITCHED v2")
        return .ok("serving \(version.current.path)\n", contentType: "text/plain")
    case ("POST", "/hooks/slack"):
        say("SLACK \(request.header("Content-Type") ?? "no content type")\n\(pretty(request.body))")
        return .ok("ok", contentType: "text/plain")
    case ("GET", _), ("HEAD", _):
        // v2 holds only the pages that changed; everything else is still served from v1.
        let directories = version.current == version.v1 ? [version.v1] : [version.current, version.v1]
        guard let url = directories.lazy.compactMap({ file(for: request.path, in: $0) }).first,
            let body = try? Data(contentsOf: url)
        else { return .status(404) }
        let type = url.pathExtension == "html" ? "text/html; charset=utf-8" : "application/octet-stream"
        return LoopbackResponse(status: 200, headers: [("Content-Type", type)], body: .bytes(Array(body)))
    default:
        return .status(405)
    }
}

if CommandLine.arguments.dropFirst() == ["--postgres"] {
    do {
        let parent = getppid()
        let server = try PostgresTestServer.start()
        say("POSTGRES \(server.url())")
        // Until killed, or until the test that started it is gone (a cancelled test run never kills it): the
        // exit closes the watchdog's pipe, which stops the server as a kill would.
        while getppid() == parent { sleep(1) }
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("pricewatch-devserver: \(error)\n".utf8))
        exit(2)
    }
}

do {
    let options = try DevServerOptions(arguments: Array(CommandLine.arguments.dropFirst()))
    let version = PageVersion(v1: options.pages, v2: options.pagesV2)
    let server = try LoopbackHTTPServer { request in respond(to: request, version: version) }
    say("PORT \(server.port)")
    say("BASE \(server.baseURL)")
    // Serve until killed; the server's threads do the work.
    while true { sleep(3600) }
} catch let error as DevServerError {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("pricewatch-devserver: \(error)\n".utf8))
    exit(1)
}
