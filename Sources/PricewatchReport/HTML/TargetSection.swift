import PricewatchCore

/// One target's part of the report: its heading and status, a chart per priced field of each plan, the
/// change log (newest first) and the feature changes.
struct TargetSection {
    let timeline: TargetTimeline
    /// The section's element id, which the overview links to (made by the report, never from page text).
    let anchor: String
    let formatter: ReportFormatter

    func render(into out: inout HTMLBuffer) {
        out.markup("<section class=\"target\" id=\"\(anchor)\"")
        out.attribute("data-target", timeline.id)
        out.markup("><h2>")
        out.text(timeline.latest?.vendor ?? timeline.id)
        out.markup("</h2><p class=\"meta\">")
        StatusBadge(status: timeline.status, formatter: formatter).render(into: &out)
        out.markup(" <span class=\"id\">")
        out.text(timeline.id)
        out.markup("</span> ")
        out.link(timeline.latest?.url)
        if let first = timeline.entries.first, let last = timeline.entries.last {
            let count = timeline.entries.count
            out.text(" · \(count) \(count == 1 ? "version" : "versions"), seen ")
            out.time(first.firstSeen, formatter.date(first.firstSeen))
            out.text(" – ")
            out.time(last.lastSeen, formatter.date(last.lastSeen))
        }
        out.markup("</p>")
        if let message = timeline.readError ?? timeline.failure?.message {
            out.element("p", class: "failure", message)
        }
        renderCharts(into: &out)
        renderChangeLog(into: &out)
        renderFeatureChanges(into: &out)
        out.markup("</section>\n")
    }

    private func renderCharts(into out: inout HTMLBuffer) {
        let series = PriceSeries.all(in: timeline)
        guard !series.isEmpty else {
            if !timeline.entries.isEmpty { out.element("p", class: "none", "No prices to chart.") }
            return
        }
        out.markup("<div class=\"charts\">")
        for one in series {
            out.markup("<figure class=\"chart\"")
            out.attribute("data-plan", one.plan)
            out.attribute("data-field", one.field)
            out.markup("><figcaption><b>")
            out.text(one.plan)
            out.markup("</b> ")
            out.text(one.field.replacingOccurrences(of: "_", with: " "))
            if let now = one.prices.last ?? nil {
                out.markup(" <span class=\"now\">")
                out.text("now \(formatter.price(now))")
                out.markup("</span>")
            }
            out.markup("</figcaption>")
            PriceChart(series: one, timeline: timeline, formatter: formatter).render(into: &out)
            out.markup("</figure>")
        }
        out.markup("</div>")
    }

    /// Price, plan and field changes, newest first; a re-verified page alone is not listed.
    private func renderChangeLog(into out: inout HTMLBuffer) {
        let rows = timeline.transitions.reversed().flatMap { transition in
            transition.meaningful.filter { $0.kind != .featureAdded && $0.kind != .featureRemoved }
                .map { (date: transition.date, change: $0) }
        }
        out.markup("<h3>Changes</h3>")
        guard !rows.isEmpty else {
            out.element("p", class: "none", "No changes in the period.")
            return
        }
        out.markup(
            "<div class=\"scroll\"><table class=\"changes\"><thead><tr><th>Date</th><th>Plan</th><th>What</th>"
                + "<th>Old</th><th>New</th><th>Change</th></tr></thead><tbody>")
        // A year of changes makes thousands of rows: cells and rows are closed implicitly, as HTML allows, and
        // styled by position, which keeps each row about a quarter shorter.
        for (date, change) in rows {
            out.markup("<tr><td>")
            out.time(date, formatter.date(date))
            out.markup("<td>")
            out.text(change.plan ?? "")
            out.markup("<td>")
            out.text(what(change))
            out.markup("<td>")
            out.text(formatter.value(change.old))
            out.markup("<td>")
            out.text(formatter.value(change.new))
            if let percent = change.deltaPercent {
                out.markup(percent.value > 0 ? "<td class=\"up\">" : "<td class=\"down\">")
                out.text(formatter.percent(percent))
            } else {
                out.markup("<td>")
            }
        }
        out.markup("</tbody></table></div>")
    }

    private func what(_ change: Change) -> String {
        switch change.kind {
        case .planAdded: "plan added"
        case .planRemoved: "plan removed"
        default: (change.field ?? change.kind.rawValue).replacingOccurrences(of: "_", with: " ")
        }
    }

    private func renderFeatureChanges(into out: inout HTMLBuffer) {
        let rows = timeline.transitions.reversed().flatMap { transition in
            transition.changes.filter { $0.kind == .featureAdded || $0.kind == .featureRemoved }
                .map { (date: transition.date, change: $0) }
        }
        guard !rows.isEmpty else { return }
        out.markup("<h3>Feature changes</h3><ul class=\"features\">")
        for (date, change) in rows {
            out.markup("<li>")
            out.time(date, formatter.date(date))
            out.markup(
                change.kind == .featureAdded
                    ? " <span class=\"down\">added</span> " : " <span class=\"up\">removed</span> ")
            out.markup("<b>")
            out.text(change.plan ?? "")
            out.markup("</b>: ")
            out.text(change.feature ?? "")
            out.markup("</li>")
        }
        out.markup("</ul>")
    }
}
