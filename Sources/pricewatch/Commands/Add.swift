import ArgumentParser
import Foundation
import PricewatchAutoExtraction
import PricewatchCore

extension Pricewatch {
    /// `pricewatch add`: watch a page: fetch it, show what zero-config reading finds, and append the target to
    /// `selectors.yml` as text, so the file's comments and layout stay as they are.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Fetch a pricing page, show its plans, and add it to selectors.yml as a target.",
            discussion: """
                The target is read without rules (site: auto) unless --rules is given, which adds a site with \
                suggested rules too. The file is edited as text: nothing else in it changes. Exit status 2 when \
                the page cannot be fetched or holds no plans.
                """
        )

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "The target id (default: the URL's host and last path segment).")
        var id: String?

        @Flag(help: "Add a site with rules suggested from the page instead of reading it with site: auto.")
        var rules = false

        @Argument(help: "The page's http(s) URL.")
        var url: String

        func validate() throws {
            guard PageSource.isURL(url) else { throw ValidationError("Give the page's http:// or https:// URL.") }
            if let id, !Target.isValidID(id) {
                throw ValidationError(
                    "'\(id)' is not a valid id; use letters, digits, '-', '_' and '/', e.g. acme/pricing.")
            }
        }

        func run() async throws {
            let path = configOptions.config
            let original = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let existing = original.isEmpty ? nil : try configOptions.load()
            let targetID = id ?? PageSource.targetID(for: url)
            if let existing, existing.targets.contains(where: { $0.id == targetID }) {
                printError("error: \(path) already has a target '\(targetID)'; pass --id to choose another id")
                throw ExitCode(ExitStatus.usage)
            }
            let (bytes, _) = try await PageSource.load(url)
            var site = Target.autoSite
            var siteBlock: String?
            do {
                let record = try AutoExtractor().extract(
                    page: bytes, charset: nil, target: targetID, url: url, fetchedAt: Timestamp.now())
                FileHandleOutput.standardError.write(RecordTextRenderer.render(record))
                if rules {
                    site = String(targetID.split(separator: "/")[0]).replacingOccurrences(of: ".", with: "-")
                    if existing?.sites[site] != nil { site += "-" + String(targetID.split(separator: "/").last!) }
                    let suggestion = try RuleSuggester().suggest(page: bytes, site: site, url: nil, targetID: nil)
                    siteBlock = SelectorsText.siteBlock(of: suggestion.yaml)
                }
            } catch {
                printError("error: \(url): \(error)")
                throw ExitCode(ExitStatus.targetsFailed)
            }
            let target =
                "  - id: \(targetID)\n    site: \(site)\n    url: \"\(url.replacingOccurrences(of: "\"", with: "%22"))\"\n"
            let updated = try SelectorsText.adding(target: target, site: siteBlock, to: original)
            do {
                _ = try Configuration.parse(yaml: updated, file: path)
            } catch {
                printError("error: the edited file would not load (\(error)); \(path) was left as it was")
                throw ExitCode(ExitStatus.usage)
            }
            let temporary = path + ".pricewatch-add.tmp"
            try Data(updated.utf8).write(to: URL(fileURLWithPath: temporary))
            _ = rename(temporary, path)
            FileHandleOutput.standardOutput.write("added target \(targetID) (site: \(site)) to \(path)\n")
        }
    }
}

/// Edits `selectors.yml` as text: inserts a site after `sites:` and a target at the end of `targets:`.
enum SelectorsText {
    /// The lines of a suggested document's one site, as they go under `sites:`.
    static func siteBlock(of yaml: String) -> String {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let start = (lines.firstIndex(of: "sites:") ?? -1) + 1
        let end = lines.firstIndex(of: "targets:") ?? lines.count
        return lines[start..<end].filter { !$0.isEmpty }.joined(separator: "\n") + "\n"
    }

    static func adding(target: String, site: String?, to text: String) throws -> String {
        var lines = text.isEmpty ? [] : text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        if let site {
            if let sites = topLevel("sites", in: lines) {
                guard lines[sites].trimmingCharacters(in: .whitespaces) == "sites:" else {
                    printError(
                        "error: 'sites:' is written inline; make it a block mapping to let 'add --rules' extend it")
                    throw ExitCode(ExitStatus.usage)
                }
                lines.insert(contentsOf: site.split(separator: "\n").map(String.init), at: sites + 1)
            } else {
                lines.insert(contentsOf: ["sites:"] + site.split(separator: "\n").map(String.init), at: 0)
            }
        }
        let entry = target.split(separator: "\n").map(String.init)
        if let targets = topLevel("targets", in: lines) {
            guard lines[targets].trimmingCharacters(in: .whitespaces) == "targets:" else {
                printError("error: 'targets:' is written inline; make it a block list to let 'add' append to it")
                throw ExitCode(ExitStatus.usage)
            }
            var end = targets + 1
            while end < lines.count, lines[end].isEmpty || lines[end].first == " " || lines[end].first == "-" {
                end += 1
            }
            while end > targets + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
            lines.insert(contentsOf: entry, at: end)
        } else {
            lines += ["", "targets:"] + entry
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func topLevel(_ key: String, in lines: [String]) -> Int? {
        lines.firstIndex { $0.hasPrefix(key + ":") }
    }
}
