import ArgumentParser
import Foundation
import PricewatchCore

/// `--config`, shared by every command that reads `selectors.yml`.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config = "selectors.yml"

    /// Loads the configuration, turning errors into exit code 64 with every problem's file, line and key on
    /// stderr, before anything is fetched.
    func load() throws -> Configuration {
        do {
            return try Configuration.load(path: config)
        } catch {
            for problem in error.all { printError("error: \(problem)") }
            if error.more.count > 0 { printError("\(error.all.count) problems in \(error.file); nothing was fetched") }
            throw ExitCode(ExitStatus.usage)
        }
    }
}

extension ConfigOptions {
    /// The configuration when the file exists, for commands that need it only for `store:`; nil without one.
    func loadIfPresent() throws -> Configuration? {
        FileManager.default.fileExists(atPath: config) ? try load() : nil
    }
}

/// The exit codes documented in the README; other tools depend on them.
enum ExitStatus {
    static let success: Int32 = 0
    static let changesFound: Int32 = 1
    static let targetsFailed: Int32 = 2
    static let usage: Int32 = 64
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandleOutput.standardError.write(message + "\n")
}
