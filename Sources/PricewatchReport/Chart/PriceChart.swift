import Foundation
import PricewatchCore

/// One series as an inline SVG step line: a date axis, a price axis labelled with the currency, a marker
/// with an exact hover title per change, and custom or contact-sales periods as shaded gaps (never zero).
///
/// The SVG scales to its box (`viewBox`), so one drawing serves a phone and a wide screen.
struct PriceChart {
    static let width = 360.0
    static let height = 172.0
    private static let left = 62.0
    private static let right = 348.0
    private static let top = 24.0
    private static let bottom = 140.0

    let series: PriceSeries
    let timeline: TargetTimeline
    let formatter: ReportFormatter

    /// A stretch of time with one price.
    private struct Stretch {
        var from: Double
        var to: Double
        var price: Price?
    }

    private var startSeconds: Double { Double(ReportTime.seconds(timeline.start) ?? 0) }
    private var endSeconds: Double {
        max(Double(ReportTime.seconds(timeline.end) ?? 0), startSeconds + 86_400)
    }

    private func x(_ seconds: Double) -> Double {
        Self.left + (seconds - startSeconds) / (endSeconds - startSeconds) * (Self.right - Self.left)
    }

    private func x(_ stamp: String) -> Double { x(Double(ReportTime.seconds(stamp) ?? 0)) }

    /// Each visible version's time span and price, clipped to the period.
    private var stretches: [Stretch] {
        let entries = timeline.entries
        return (timeline.firstVisible..<entries.count).map { index in
            let from = max(Double(ReportTime.seconds(entries[index].firstSeen) ?? 0), startSeconds)
            let to =
                index + 1 < entries.count ? Double(ReportTime.seconds(entries[index + 1].firstSeen) ?? 0) : endSeconds
            return Stretch(from: from, to: max(to, from), price: series.prices[index])
        }
    }

    /// The label of the price axis: `USD per month`, `USD per image`.
    var axisLabel: String {
        let scale = series.scale
        return ([scale.currency ?? "price"] + [scale.unit, scale.period].compactMap { $0.map { "per \($0)" } })
            .joined(separator: " ")
    }

    func render(into out: inout HTMLBuffer) {
        let stretches = stretches
        let plottedValues = stretches.compactMap { series.plotted($0.price) }.map {
            NSDecimalNumber(decimal: $0).doubleValue
        }
        let axis = PriceAxis(values: plottedValues)
        func y(_ value: Decimal) -> Double {
            let number = NSDecimalNumber(decimal: value).doubleValue
            return Self.bottom - (number - axis.low) / (axis.high - axis.low) * (Self.bottom - Self.top)
        }
        out.markup("<svg viewBox=\"0 0 \(SVGNumber.text(Self.width)) \(SVGNumber.text(Self.height))\" role=\"img\"")
        out.attribute("aria-label", "\(series.plan) \(series.field) price history in \(axisLabel)")
        out.markup(">")
        out.markup("<text class=\"unit\" x=\"\(SVGNumber.text(Self.left))\" y=\"14\">")
        out.text(axisLabel)
        out.markup("</text>")
        renderPriceTicks(axis, y: { y(Decimal($0)) }, into: &out)
        renderDateTicks(into: &out)
        renderGaps(stretches, into: &out)
        renderLine(stretches, y: y, into: &out)
        renderMarkers(y: y, into: &out)
        out.markup("</svg>")
    }

    private func renderPriceTicks(_ axis: PriceAxis, y: (Double) -> Double, into out: inout HTMLBuffer) {
        out.markup("<g class=\"grid\">")
        for tick in axis.ticks {
            let position = SVGNumber.text(y(tick))
            out.markup(
                "<line x1=\"\(SVGNumber.text(Self.left))\" x2=\"\(SVGNumber.text(Self.right))\" y1=\"\(position)\" y2=\"\(position)\"/>"
            )
            out.markup(
                "<text x=\"\(SVGNumber.text(Self.left - 4))\" y=\"\(SVGNumber.text(y(tick) + 3.5))\" text-anchor=\"end\">"
            )
            out.text(formatter.money(Decimal(tick), currency: series.scale.currency, decimals: axis.decimals))
            out.markup("</text>")
        }
        out.markup("</g>")
    }

    private func renderDateTicks(into out: inout HTMLBuffer) {
        out.markup("<g class=\"dates\">")
        let baseline = SVGNumber.text(Self.bottom + 16)
        let middle = (startSeconds + endSeconds) / 2
        var ticks = [(startSeconds, "start"), (endSeconds, "end")]
        if endSeconds - startSeconds > 3 * 86_400 { ticks.insert((middle, "middle"), at: 1) }
        for (seconds, anchor) in ticks {
            let stamp = Timestamp.string(from: Date(timeIntervalSince1970: seconds))
            out.markup("<text x=\"\(SVGNumber.text(x(seconds)))\" y=\"\(baseline)\" text-anchor=\"\(anchor)\">")
            out.text(formatter.date(stamp))
            out.markup("</text>")
        }
        out.markup("</g>")
    }

    /// Shaded bands where the field has a price that is not a number in the axis's terms (custom, contact
    /// sales, another currency), labelled with the page's words.
    private func renderGaps(_ stretches: [Stretch], into out: inout HTMLBuffer) {
        var merged: [Stretch] = []
        for stretch in stretches {
            guard let price = stretch.price, series.plotted(price) == nil else { continue }
            if let last = merged.last, last.to == stretch.from, let previous = last.price,
                previous.isEquivalent(to: price)
            {
                merged[merged.count - 1].to = stretch.to
            } else {
                merged.append(stretch)
            }
        }
        for gap in merged {
            guard let price = gap.price else { continue }
            let left = x(gap.from)
            let width = max(x(gap.to) - left, 1.5)
            out.markup(
                "<rect class=\"gap\" x=\"\(SVGNumber.text(left))\" y=\"\(SVGNumber.text(Self.top))\" width=\"\(SVGNumber.text(width))\" height=\"\(SVGNumber.text(Self.bottom - Self.top))\"><title>"
            )
            let fromStamp = Timestamp.string(from: Date(timeIntervalSince1970: gap.from))
            let toStamp = Timestamp.string(from: Date(timeIntervalSince1970: gap.to))
            out.text("\(formatter.price(price)): \(formatter.date(fromStamp)) – \(formatter.date(toStamp))")
            out.markup("</title></rect>")
            if width > 44 {
                out.markup(
                    "<text class=\"gap-label\" x=\"\(SVGNumber.text(left + width / 2))\" y=\"\(SVGNumber.text((Self.top + Self.bottom) / 2))\" text-anchor=\"middle\">"
                )
                out.text(String(formatter.price(price).prefix(14)))
                out.markup("</text>")
            }
        }
    }

    /// The step line: horizontal while a price holds, vertical at a change, broken at gaps and absences.
    /// A run of versions at one price is one `H` segment, so a year of daily checks that never moved the
    /// price draws as a single line rather than 365 pieces of one.
    private func renderLine(_ stretches: [Stretch], y: (Decimal) -> Double, into out: inout HTMLBuffer) {
        var path = ""
        var pen: (level: Double, reach: Double)?
        for stretch in stretches {
            guard let value = series.plotted(stretch.price) else {
                if let open = pen { path += "H\(SVGNumber.text(open.reach))" }
                pen = nil
                continue
            }
            let level = y(value)
            if let open = pen {
                if open.level != level { path += "H\(SVGNumber.text(open.reach))V\(SVGNumber.text(level))" }
            } else {
                path += "M\(SVGNumber.text(x(stretch.from))) \(SVGNumber.text(level))"
            }
            pen = (level, max(x(stretch.to), x(stretch.from) + 0.5))
        }
        if let open = pen { path += "H\(SVGNumber.text(open.reach))" }
        guard !path.isEmpty else { return }
        out.markup("<path class=\"line\" d=\"\(path)\"/>")
    }

    private func renderMarkers(y: (Decimal) -> Double, into out: inout HTMLBuffer) {
        for marker in series.markers(in: timeline) {
            let newValue = series.plotted(marker.new)
            let oldValue = series.plotted(marker.old)
            let level = (newValue ?? oldValue).map(y) ?? Self.top
            let kind: String
            switch (oldValue, newValue) {
            case (let old?, let new?): kind = new > old ? "up" : new < old ? "down" : "same"
            case (nil, _?): kind = "start"
            case (_?, nil): kind = "end"
            case (nil, nil): kind = "other"
            }
            out.markup(
                "<circle class=\"mark \(kind)\" cx=\"\(SVGNumber.text(x(marker.date)))\" cy=\"\(SVGNumber.text(level))\" r=\"3.5\""
            )
            out.attribute("data-date", marker.date)
            out.attribute("data-old", Self.dataValue(marker.old))
            out.attribute("data-new", Self.dataValue(marker.new))
            out.markup("><title>")
            out.text(title(for: marker))
            out.markup("</title></circle>")
        }
    }

    /// `Mar 4, 2026: $49/mo → $59/mo (+20.4%)`.
    func title(for marker: PriceSeries.Marker) -> String {
        let describe = { (price: Price?) in price.map(formatter.price) ?? "not listed" }
        var text = "\(formatter.date(marker.date)): \(describe(marker.old)) → \(describe(marker.new))"
        if let percent = PriceDelta(old: marker.old, new: marker.new)?.percent {
            text += " (\(formatter.percent(percent)))"
        }
        return text
    }

    /// A marker's exact value for tools and tests: the amount as stored, else the page's text; empty for none.
    static func dataValue(_ price: Price?) -> String {
        guard let price else { return "" }
        return price.amount?.description ?? price.raw
    }
}
