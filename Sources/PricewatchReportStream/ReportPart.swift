import Foundation
import PricewatchCore

/// One target's part of a report, and the text around the parts, cut from what the whole-report renderers
/// give for a report of one target: the parts joined inside the frame are byte for byte the whole report,
/// whatever writes the JSON (a test compares them on reports with every status).
enum ReportPart {
    /// `"targets" : [` and its newline: in the pretty JSON, the target objects start after it.
    private static let targetsOpening = Array("\"targets\" : [\n".utf8)
    /// What follows the last target object.
    private static let jsonClosing = Array("\n  ]\n}\n".utf8)

    /// The target's part: its JSON object (indented as in the array, no comma), its text lines (empty for a
    /// target the text leaves out), or its Markdown section.
    static func render(_ result: Report.TargetResult, format: ReportSpool.Format) throws -> [UInt8] {
        let single = Report(startedAt: "", finishedAt: "", targets: [result])
        switch format {
        case .json:
            let whole = Array(try PricewatchJSON.encode(single))
            let (start, end) = try objectBounds(in: whole)
            return Array(whole[start..<end])
        case .text(let colour, let verbose):
            // Every line but the last, which is the summary.
            let whole = Array(ReportRenderer.text(single, colour: colour, verbose: verbose).utf8)
            let lineEnds = whole.indices.filter { whole[$0] == 0x0A }
            return lineEnds.count < 2 ? [] : Array(whole[...lineEnds[lineEnds.count - 2]])
        case .markdown:
            // Everything after the heading's three lines, without the final newline.
            let whole = Array(ReportRenderer.markdown(single).utf8)
            let lineEnds = whole.indices.filter { whole[$0] == 0x0A }
            guard lineEnds.count > 3 else { return [] }
            return Array(whole[lineEnds[2]..<(whole.count - 1)])
        }
    }

    /// The text before the first part, between two parts, and after the last one.
    static func frame(
        _ format: ReportSpool.Format, counts: [Report.Status: Int], startedAt: String, finishedAt: String,
        empty: Bool
    ) throws -> (opening: [UInt8], separator: [UInt8], closing: [UInt8]) {
        switch format {
        case .json:
            if empty {
                return (
                    Array(try PricewatchJSON.encode(Report(startedAt: startedAt, finishedAt: finishedAt, targets: []))),
                    [], []
                )
            }
            let placeholder = Report.TargetResult(id: "-", url: nil, status: .new)
            let whole = Array(
                try PricewatchJSON.encode(Report(startedAt: startedAt, finishedAt: finishedAt, targets: [placeholder])))
            let (start, _) = try objectBounds(in: whole)
            return (Array(whole[..<start]), Array(",\n".utf8), jsonClosing)
        case .text:
            return ([], [], Array((ReportRenderer.summary(counts: counts) + "\n").utf8))
        case .markdown:
            let heading = ReportRenderer.markdownHeading(
                summary: ReportRenderer.summary(counts: counts), startedAt: startedAt, finishedAt: finishedAt)
            return (Array(heading.utf8), [], [0x0A])
        }
    }

    /// Where the one target object of a one-target report's JSON starts and ends.
    private static func objectBounds(in whole: [UInt8]) throws -> (start: Int, end: Int) {
        guard let opening = whole.firstRange(of: targetsOpening), whole.count >= jsonClosing.count,
            whole.suffix(jsonClosing.count).elementsEqual(jsonClosing)
        else { throw UnexpectedLayout() }
        return (opening.upperBound, whole.count - jsonClosing.count)
    }

    /// The JSON writer's layout is not the one the parts are cut from.
    struct UnexpectedLayout: Error, CustomStringConvertible {
        var description: String {
            "the report's JSON layout changed and it can no longer be written as targets finish; please report this"
        }
    }
}
