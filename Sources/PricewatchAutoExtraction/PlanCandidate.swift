import PricewatchCore

/// How a plan was found on the page.
public enum Strategy: String, Sendable, CaseIterable {
    /// schema.org JSON-LD (`Product`/`Service`/`SoftwareApplication` with `offers`).
    case jsonLD = "json-ld"
    /// schema.org microdata or RDFa (`itemprop="price"`, `property="price"`).
    case microdata
    /// Repeated sibling blocks (cards, columns) that each hold a name and a price.
    case cards
    /// A table with plans as columns or as rows.
    case table
}

/// A plan as zero-config reading found it, with where it came from, before it becomes a record's ``Plan``.
struct PlanCandidate {
    var name: String
    var prices: [String: Price]
    var features: [String]
    /// 0–100.
    var confidence: Int
    var strategy: Strategy
    /// The block the plan was read from, and where its name and price were: made into paths only for
    /// `--explain` (``Page/path(_:)``), as most reads never show them.
    var pathElements: [Int]
    /// Document position, for page order.
    var position: Int
    /// The elements it was read from, for suggesting rules: the block (a card, a table's header cell or row,
    /// a microdata item), the name and the main price.
    var elements: (block: Int, name: Int, price: Int)? = nil

    var plan: Plan {
        Plan(name: name, prices: prices, features: features, confidence: confidence)
    }
}

/// A group of blocks that was considered and not taken, and why, for `--explain`.
public struct RejectedGroup: Sendable, Hashable {
    /// Which strategy proposed it.
    public let strategy: Strategy
    /// Where it is on the page.
    public let path: String
    /// Why it was not taken.
    public let reason: String
}

/// Which price field a price goes to when the page names its billing: `monthly`, `annual`, `one_time` or plain
/// `price`.
enum PriceField {
    /// The field for a price: its period when the parser read one, else the billing words of the tag itself
    /// ("249€/Monat", "mensual"), else a one-time word nearby ("Paiement unique"); plain `price` otherwise.
    ///
    /// A monthly figure whose tag or `note` (the text beside the tag) says it is billed annually is the annual
    /// plan's monthly figure: `annual_monthly`.
    static func field(for price: Price, tag: String, context: String = "", note: String = "") -> String {
        switch price.period {
        case "month":
            return BillingWords.isBilledAnnually(tag) || BillingWords.isBilledAnnually(note)
                ? "annual_monthly" : "monthly"
        case "year": return "annual"
        case nil:
            let lower = tag.lowercased()
            if oneTimeWords.contains(where: lower.holds) { return "one_time" }
            if monthWords.contains(where: lower.holds) { return "monthly" }
            if yearWords.contains(where: lower.holds) { return "annual" }
            if oneTimeWords.contains(where: context.lowercased().holds) { return "one_time" }
            return "price"
        default: return price.period ?? "price"
        }
    }

    /// Words saying the figure is charged per month, in the languages pricing pages are written in.
    static let monthWords = [
        "/mo", "month", "monat", "mois", "mes", "mês", "mese", "maand", "月", "mensual", "mensuel", "monthly",
        "monatlich", "mensile", "maandelijks", "miesi", "měsíc", "месяц",
    ]
    static let yearWords = [
        "/yr", "year", "jahr", "annuel", "anual", "annuale", "jaar", "年", "annually", "jährlich", "yearly", "rok",
        "год",
    ]
    static let oneTimeWords = [
        "one-time", "one time", "once", "lifetime", "einmalig", "paiement unique", "à vie", "pago único",
        "pagamento único", "una tantum", "eenmalig", "買い切り", "single payment",
    ]
}

extension Price {
    /// Whether the price is billed by a period or a unit of use, as a plan's is and a product's is not.
    var isRecurring: Bool { period != nil || unit != nil }
}
