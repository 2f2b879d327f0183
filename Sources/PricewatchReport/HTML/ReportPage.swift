import Foundation
import PricewatchCore

/// The report's document: head (charset, the Content-Security-Policy, the stylesheet), the overview table
/// and one section per target.
struct ReportPage {
    /// Nothing may be loaded, no script may run, no form may be sent and no `<base>` may redirect links;
    /// only the inline stylesheet and data: images are allowed.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    let title: String
    let since: String?
    let generatedAt: String
    let formatter: ReportFormatter
    private(set) var out = HTMLBuffer()

    init(title: String, since: String?, generatedAt: String, formatter: ReportFormatter) {
        self.title = title
        self.since = since
        self.generatedAt = generatedAt
        self.formatter = formatter
    }

    /// The whole document, broken targets first, then changed ones, then the rest, each group by id.
    mutating func render(_ timelines: [TargetTimeline]) -> String {
        let ordered = timelines.enumerated().sorted { lhs, rhs in
            (lhs.element.status, lhs.element.id) < (rhs.element.status, rhs.element.id)
        }
        out = HTMLBuffer(capacity: timelines.count * 8_192)
        renderHead()
        out.markup("<body><header>")
        out.element("h1", title)
        out.markup("<p class=\"meta\">")
        renderSummary(ordered.map(\.element))
        out.markup("</p></header><main>")
        renderOverview(ordered)
        for (number, timeline) in ordered {
            let section = TargetSection(timeline: timeline, anchor: "t\(number + 1)", formatter: formatter)
            section.render(into: &out)
        }
        out.markup("</main><footer>Written by pricewatch from its stored snapshots. Dates are UTC.</footer>")
        out.markup("</body></html>\n")
        return out.html
    }

    private mutating func renderHead() {
        out.markup("<!DOCTYPE html>\n<html")
        out.attribute("lang", formatter.locale.identifier.replacingOccurrences(of: "_", with: "-"))
        out.markup("><head><meta charset=\"utf-8\">")
        out.markup("<meta http-equiv=\"Content-Security-Policy\" content=\"\(Self.contentSecurityPolicy)\">")
        out.markup("<meta name=\"referrer\" content=\"no-referrer\">")
        out.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        out.markup("<meta name=\"color-scheme\" content=\"light dark\">")
        out.markup("<meta name=\"generator\" content=\"pricewatch\">")
        out.element("title", title)
        out.markup("<style>\(ReportStyle.css)</style></head>\n")
    }

    private mutating func renderSummary(_ timelines: [TargetTimeline]) {
        let failing = timelines.filter { $0.status < .changed }.count
        let changed = timelines.filter { $0.status == .changed }.count
        out.text("\(timelines.count) targets · \(failing) failing · \(changed) changed · ")
        if let since {
            out.text("since ")
            out.time(since, formatter.date(since))
            out.text(" · ")
        }
        out.text("written ")
        out.time(generatedAt, formatter.date(generatedAt))
    }

    private mutating func renderOverview(_ ordered: [(offset: Int, element: TargetTimeline)]) {
        out.markup("<section id=\"overview\"><h2>Overview</h2><div class=\"scroll\"><table class=\"overview\">")
        out.markup(
            "<thead><tr><th>Status</th><th>Target</th><th>Plans</th><th>Cheapest</th><th>Dearest</th>"
                + "<th>Last change</th><th>Last verified</th></tr></thead><tbody>")
        for (number, timeline) in ordered {
            out.markup("<tr")
            out.attribute("data-target", timeline.id)
            out.markup("><td>")
            StatusBadge(status: timeline.status, formatter: formatter).render(into: &out)
            out.markup("</td><td><a href=\"#t\(number + 1)\">")
            out.text(timeline.latest?.vendor ?? timeline.id)
            out.markup("</a><div class=\"id\">")
            out.text(timeline.id)
            out.markup("</div></td><td class=\"num\" data-label=\"Plans\">")
            out.text(timeline.latest.map { String($0.plans.count) } ?? "–")
            let extremes = timeline.priceExtremes
            out.markup("</td><td class=\"num\" data-label=\"Cheapest\">")
            out.text(extremes.map { formatter.price($0.cheapest) } ?? "–")
            out.markup("</td><td class=\"num\" data-label=\"Dearest\">")
            out.text(extremes.map { formatter.price($0.dearest) } ?? "–")
            out.markup("</td><td data-label=\"Last change\">")
            if let change = timeline.lastChange {
                out.time(change.date, formatter.date(change.date))
                out.markup("<div>")
                let meaningful = change.meaningful
                out.text(formatter.summary(meaningful[0]))
                if meaningful.count > 1 { out.text(" (+\(meaningful.count - 1) more)") }
                out.markup("</div>")
            } else {
                out.element("span", class: "none", "none")
            }
            out.markup("</td><td class=\"when\" data-label=\"Last verified\">")
            if let verified = timeline.latest?.lastVerified {
                out.time(verified, formatter.date(verified))
            } else {
                out.text("–")
            }
            out.markup("</td></tr>")
        }
        out.markup("</tbody></table></div></section>")
    }
}

/// A target's status as a coloured label: "fetch failing since Mar 4, 2026", "changed", "ok".
struct StatusBadge {
    let status: TargetTimeline.Status
    let formatter: ReportFormatter

    func render(into out: inout HTMLBuffer) {
        switch status {
        case .unreadable(let message):
            out.markup("<span class=\"badge fail\"")
            out.attribute("title", message)
            out.markup(">snapshots unreadable</span>")
        case .failing(let failure):
            out.markup("<span class=\"badge fail\"")
            out.attribute("title", failure.message)
            out.markup(">")
            out.text("\(failure.kind.rawValue) failing")
            out.markup("</span> <span class=\"since\">since ")
            out.time(failure.since, formatter.date(failure.since))
            out.markup("</span>")
        case .changed:
            out.markup("<span class=\"badge changed\">changed</span>")
        case .ok:
            out.markup("<span class=\"badge ok\">ok</span>")
        }
    }
}
