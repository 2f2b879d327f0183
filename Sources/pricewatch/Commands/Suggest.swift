import ArgumentParser
import Foundation
import PricewatchAutoExtraction
import PricewatchCore
import PricewatchFetch

extension Pricewatch {
    /// `pricewatch suggest`: rules for a page, written from what zero-config reading finds on it.
    struct Suggest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suggest",
            abstract: "Print a selectors.yml document whose rules read the plans --auto finds on a page.",
            discussion: """
                Given a URL, the page is fetched and the document also holds a target for it. Check the rules \
                with 'pricewatch extract --config FILE --site NAME PAGE'. Exit status 2 when the page has no \
                plans or rules cannot be written for it.
                """
        )

        @Option(help: "The site name for the rules.")
        var site: String

        @Argument(help: "A saved HTML file, or an http(s) URL to fetch.")
        var page: String

        func validate() throws {
            guard Target.isValidID(site), !site.contains("/"), site != Target.autoSite else {
                throw ValidationError("--site takes a name such as 'acme' (letters, digits, '-', '_'), not 'auto'.")
            }
        }

        func run() async throws {
            let (bytes, url) = try await PageSource.load(page)
            do {
                let suggestion = try RuleSuggester().suggest(
                    page: bytes, site: site, url: url, targetID: url.map { PageSource.targetID(for: $0) })
                FileHandleOutput.standardOutput.write(suggestion.yaml)
            } catch {
                printError("error: \(page): \(error)")
                throw ExitCode(ExitStatus.targetsFailed)
            }
        }
    }
}

/// A page given on the command line: a file, or a URL fetched once.
enum PageSource {
    static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The page's bytes, and its URL when it was fetched.
    static func load(_ source: String) async throws -> ([UInt8], String?) {
        guard isURL(source) else {
            do {
                return (Array(try Data(contentsOf: URL(fileURLWithPath: source))), nil)
            } catch {
                printError("error: \(source): cannot read the file (\(error.localizedDescription))")
                throw ExitCode(ExitStatus.targetsFailed)
            }
        }
        let fetcher = try Fetcher(options: FetchSettings().fetchOptions)
        for await result in fetcher.fetchAll([FetchRequest(id: "page", url: source)]) {
            switch result.outcome {
            case .success(let response) where (200..<300).contains(response.status):
                return (response.body, source)
            case .success(let response):
                printError("error: \(source): the server answered HTTP \(response.status)")
            case .failure(let error):
                printError("error: \(source): \(error)")
            }
        }
        throw ExitCode(ExitStatus.targetsFailed)
    }

    /// A target id from a URL: its host and last path segment, as `acme.example/pricing`.
    static func targetID(for url: String) -> String {
        let parts = URL(string: url)
        let clean = { (text: String) in
            String(
                text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" }
            )
            .trimmingCharacters(in: CharacterSet(charactersIn: "-."))
        }
        let host = clean(parts?.host ?? "page")
        let last = clean(parts?.path.split(separator: "/").last.map(String.init) ?? "")
        let id = last.isEmpty ? host : "\(host)/\(last)"
        return Target.isValidID(id) ? id : "page/pricing"
    }
}
