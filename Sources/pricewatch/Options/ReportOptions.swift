import ArgumentParser
import Foundation
import PricewatchReport

/// `--title`, `--since` and `--locale` of the HTML report, shared by `report` and `check --report`.
struct ReportLook: ParsableArguments {
    @Option(help: "The report's title (\"Pricing report\" when not given).")
    var title: String?

    @Option(help: "Only what was seen on or after this date (YYYY-MM-DD); the whole history by default.")
    var since: String?

    @Option(help: "Number and date formats, such as en_US or de_DE; the environment's locale by default.")
    var locale: String?

    /// Whether any of the options was given: `check` refuses them without `--report`.
    var isGiven: Bool { title != nil || since != nil || locale != nil }

    func validate() throws {
        // Without options there is nothing to refuse, and building the report would load the environment's
        // locale (ICU's data) into every `check`, report or not.
        guard isGiven else { return }
        if let locale, !Self.knownLocales.contains(Self.canonical(locale)) {
            throw ValidationError("--locale '\(locale)' is not a known locale; use one such as en_US, de_DE or fr_FR.")
        }
        _ = try report(targets: [])
    }

    /// The report over these targets (all stored ones when empty), written now.
    func report(targets: [String]) throws -> HTMLReport {
        let chosenLocale = locale.map { Locale(identifier: Self.canonical($0)) } ?? .current
        do {
            var options = HTMLReport.Options(targetIDs: targets, since: since, locale: chosenLocale)
            if let title { options.title = title }
            return try HTMLReport(options: options)
        } catch {
            throw ValidationError(error.description)
        }
    }

    private static func canonical(_ identifier: String) -> String {
        identifier.replacingOccurrences(of: "-", with: "_")
    }

    private static var knownLocales: Set<String> { Set(Locale.availableIdentifiers) }
}
