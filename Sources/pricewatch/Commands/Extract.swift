import ArgumentParser
import Foundation
import PricewatchAutoExtraction
import PricewatchCore

extension Pricewatch {
    /// `pricewatch extract`: reads saved pages and prints their records.
    struct Extract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extract",
            abstract: "Extract the pricing record from saved HTML pages.",
            discussion: """
                Prints one pricewatch.record/1 document per file. A page that lacks a required field exits \
                with status 2 and names the field and its selector. With --auto, no rules are needed: plans, \
                prices and features are read from the page's structure (site 'auto'), and a page with no \
                pricing plans exits with status 2.
                """
        )

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "The site whose rules apply (a key under 'sites:' in the configuration).")
        var site: String?

        @Option(help: "A target id from the configuration; gives the site and URL.")
        var target: String?

        @Flag(help: "Read the pages without rules (zero-config reading).")
        var auto = false

        @Flag(help: "With --auto: print to stderr how each plan was found and which candidates were rejected.")
        var explain = false

        @Option(help: "Output format.")
        var format: RecordFormat = .json

        @Argument(help: "HTML files to read.")
        var files: [String]

        func validate() throws {
            if auto {
                guard site == nil, target == nil else {
                    throw ValidationError("--auto reads pages without rules: leave out --site and --target.")
                }
                return
            }
            if explain { throw ValidationError("--explain explains zero-config reading: add --auto.") }
            guard (site == nil) != (target == nil) else {
                throw ValidationError(
                    "Give exactly one of --site SITE or --target ID, or --auto to read without rules.")
            }
        }

        func run() async throws {
            if auto { return try runAuto() }
            let config = try configOptions.load()
            let resolvedTarget = try target.map { id in try usageError { try config.target(id: id) } }
            let siteRules = try usageError { try config.site(named: resolvedTarget?.site ?? site ?? "") }
            let extractor = Extractor(site: siteRules)
            var failed = false
            for file in files {
                guard let bytes = readPage(file) else {
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
                    for name in record.duplicatePlanNames {
                        printError(
                            "warning: \(file): two or more plans are named '\(name)'; the differ matches plans by name"
                                + " and cannot tell them apart (pricewatch lint explains)")
                    }
                } catch {
                    printError("error: \(file): \(error)")
                    failed = true
                }
            }
            if failed { throw ExitCode(ExitStatus.targetsFailed) }
        }
    }
}

extension Pricewatch.Extract {
    /// `--auto`: each file read without rules; a page with no plans is a failed file (exit 2).
    func runAuto() throws {
        let reader = AutoExtractor()
        var failed = false
        for file in files {
            guard let bytes = readPage(file) else {
                failed = true
                continue
            }
            let id = "\(AutoExtractor.site)/\(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)"
            do {
                let explanation = try reader.explain(
                    page: bytes, charset: nil, target: id, url: nil, fetchedAt: Timestamp.now())
                if explain { FileHandleOutput.standardError.write("\(file):\n" + explanation.text) }
                if let failure = explanation.failure { throw failure }
                FileHandleOutput.standardOutput.write(try format.render(explanation.record))
            } catch {
                printError("error: \(file): \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(ExitStatus.targetsFailed) }
    }

    /// A file's bytes, or nil after saying why it cannot be read.
    func readPage(_ file: String) -> [UInt8]? {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            printError("error: \(file): cannot read the file (\(error.localizedDescription))")
            return nil
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
