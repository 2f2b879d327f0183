import ArgumentParser
import Foundation
import PricewatchCore
import PricewatchFetch

extension Pricewatch {
    /// `pricewatch fetch`: downloads target pages (or one URL) and reports or saves them.
    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fetch",
            abstract: "Fetch target pages (or one URL) and print a summary or save the bodies.",
            discussion: "Exit status 2 when any page could not be fetched."
        )

        @OptionGroup var configOptions: ConfigOptions
        @OptionGroup var fetchFlags: FetchFlags

        @OptionGroup var targetSelection: TargetSelection

        @Option(help: ArgumentHelp("Write each body to DIR/<target id>.html.", valueName: "dir"))
        var out: String?

        @Argument(help: "A URL to fetch instead of the configured targets; its body goes to stdout.")
        var url: String?

        func validate() throws {
            if url != nil && !targetSelection.ids.isEmpty {
                throw ValidationError("Give either a URL or --target, not both.")
            }
        }

        func run() async throws {
            let settings: FetchSettings
            let requests: [FetchRequest]
            if let url {
                settings = fetchFlags.apply(to: FetchSettings())
                requests = [FetchRequest(id: "url", url: url)]
            } else {
                let config = try configOptions.load()
                settings = fetchFlags.apply(to: config.fetch)
                requests = try targetSelection.resolve(in: config).map { target in
                    try usageError { try target.fetchRequest(defaultHeaders: config.fetch.headers) }
                }
            }
            let fetcher = try Fetcher(options: settings.fetchOptions)
            let progress = ProgressLine(total: requests.count)
            let interruption = Interruption()
            let results = try await interruption.cancelling {
                var results: [FetchResult] = []
                for await result in fetcher.fetchAll(requests) {
                    progress.advance()
                    results.append(result)
                }
                return results
            }
            progress.finish()
            var rows: [[String]] = []
            var failed = interruption.isInterrupted
            for result in results {
                switch result.outcome {
                case .success(let response):
                    if url != nil && out == nil {
                        FileHandleOutput.standardOutput.write(Data(response.body))
                    } else if let out {
                        try save(response.body, id: response.id, in: out)
                    }
                    rows.append([
                        response.id, String(response.status), String(response.body.count),
                        String(Int(response.duration * 1000)), String(response.attempts),
                    ])
                case .failure(let error):
                    failed = true
                    rows.append([result.request.id, "error", "-", "-", String(error.attempts)])
                    printError("error: \(error)")
                }
            }
            if url == nil || out != nil {
                let order = Dictionary(uniqueKeysWithValues: requests.enumerated().map { ($1.id, $0) })
                rows.sort { order[$0[0], default: 0] < order[$1[0], default: 0] }
                FileHandleOutput.standardOutput.write(
                    TextTable.render(header: ["target", "status", "bytes", "ms", "attempts"], rows: rows))
            }
            if let status = interruption.exitStatus { throw ExitCode(status) }
            if failed { throw ExitCode(ExitStatus.targetsFailed) }
        }

        private func save(_ body: [UInt8], id: String, in directory: String) throws {
            let file = URL(fileURLWithPath: directory).appendingPathComponent(id + ".html")
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(body).write(to: file, options: .atomic)
        }
    }
}
