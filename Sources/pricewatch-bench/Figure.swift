/// One measured figure of the benchmark: what ran, how long it took, how much memory, and a free note
/// (ratios, correctness), printed as a line as soon as it is known and again in the final table.
struct Figure {
    let label: String
    let seconds: Double
    let pages: Int
    let peakKilobytes: Int?
    var note = ""
    /// The child's CPU time (user + system), where one was measured.
    var cpuSeconds: Double?

    init(_ label: String, seconds: Double, pages: Int, peakKilobytes: Int? = nil, note: String = "") {
        self.label = label
        self.seconds = seconds
        self.pages = pages
        self.peakKilobytes = peakKilobytes
        self.note = note
    }

    /// `label  seconds  pages/s  peak RSS  note`, aligned for a table.
    var line: String {
        let memory = peakKilobytes.map { String(format: "%5.1f MiB", Double($0) / 1024) } ?? "        —"
        let figures = String(format: "%8.3f s %9.1f pages/s  ", seconds, Double(pages) / seconds) + memory
        return label.padding(toLength: 58, withPad: " ", startingAt: 0) + figures + (note.isEmpty ? "" : "  " + note)
    }
}

/// The middle value of `values` (the upper middle for an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.sorted()[values.count / 2]
}

/// Prints every figure as one aligned table.
func printTable(_ figures: [Figure]) {
    print("\nsummary (figures, not pass/fail)")
    print("what".padding(toLength: 58, withPad: " ", startingAt: 0) + "    wall         rate      peak RSS")
    for figure in figures { print(figure.line) }
}
