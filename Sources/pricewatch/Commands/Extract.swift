import ArgumentParser
import Foundation
import PricewatchCore

extension Pricewatch {
    /// `pricewatch extract`: reads saved pages and prints their records.
    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract",
            abstract: "Extract the pricing record from saved HTML pages.",
            discussion: """
                Prints one pricewatch.record/1 document per file. A page that lacks a required field exits \
                with status 2 and names the field and its selector.
                """
        )

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "The site whose rules apply (a key under 'sites:' in the configuration).")
        var site: String?

        @Option(help: "A target id from the configuration; gives the site and URL.")
        var target: String?

        @Option(help: "Output format.")
        var format: RecordFormat = .json

        @Argument(help: "HTML files to read.")
        var files: [String]

        func validate() throws {
            guard (site == nil) != (target == nil) else {
                throw ValidationError("Give exactly one of --site SITE or --target ID.")
            }
        }

        func run() async throws {
            let config = try configOptions.load()
            let resolvedTarget = try target.map { id in try usageError { try config.target(id: id) } }
            let siteRules = try usageError { try config.site(named: resolvedTarget?.site ?? site ?? "") }
            let extractor = Extractor(site: siteRules)
            var failed = false
            for file in files {
                let bytes: [UInt8]
                do {
                    bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
                } catch {
                    printError("error: \(file): cannot read the file (\(error.localizedDescription))")
                    failed = true
                    continue
                }
                let id =
                    resolvedTarget?.id
                    ?? "\(siteRules.name)/\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)"
                do {
                    let record = try extractor.extract(
                        page: bytes, target: id, url: resolvedTarget?.url, fetchedAt: Timestamp.now())
                    FileHandleOutput.standardOutput.write(try format.render(record))
                } catch {
                    printError("error: \(file): \(error)")
                    failed = true
                }
            }
            if failed { throw ExitCode(ExitStatus.targetsFailed) }
        }
    }
}

/// Output formats for records.
enum RecordFormat: String, ExpressibleByArgument, CaseIterable {
    case json, text

    func render(_ record: Record) throws -> Data {
        switch self {
        case .json: try PricewatchJSON.encode(record)
        case .text: Data(RecordTextRenderer.render(record).utf8)
        }
    }
}

/// Runs a configuration lookup, turning its error into exit code 64 with the message on stderr.
func usageError<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError("error: \(error)")
        throw ExitCode(ExitStatus.usage)
    }
}
