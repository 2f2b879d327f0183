import Foundation

/// A linear price axis with round tick values ("0, 25, 50, 75"), wide enough for every plotted value.
struct PriceAxis {
    let low: Double
    let high: Double
    let step: Double
    /// Decimal places the tick labels need.
    let decimals: Int

    init(values: [Double]) {
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        if low == high {
            // A flat line sits mid-chart: open the axis by a tenth of the value either way.
            let margin = low == 0 ? 1 : abs(low) * 0.1
            low -= margin
            high += margin
            if (values.min() ?? 0) >= 0 { low = max(low, 0) }
        }
        let step = Self.roundStep((high - low) / 4)
        self.step = step
        self.low = (low / step).rounded(.down) * step
        self.high = max((high / step).rounded(.up) * step, self.low + step)
        var decimals = 0
        while decimals < 12 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * scaled { break }
            decimals += 1
        }
        self.decimals = decimals
    }

    /// The tick values from ``low`` to ``high``.
    var ticks: [Double] {
        let count = Int(((high - low) / step).rounded())
        return (0...count).map { low + Double($0) * step }
    }

    /// 1, 2 or 5 times a power of ten, the nearest at or above `rough`.
    static func roundStep(_ rough: Double) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let power = pow(10, (log10(rough)).rounded(.down))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * power >= rough * 0.999 {
            return factor * power
        }
        return 10 * power
    }
}

/// SVG numbers: one decimal place at most, no trailing `.0`, so coordinates stay short.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
