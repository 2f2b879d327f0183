import Foundation
import PricewatchTestSupport

/// Small pricing and non-pricing pages written for these tests, one per pattern zero-config reading must
/// handle. None is copied from a real site. Each is a file in `fuzz/seeds/auto`, so the `auto` fuzz target
/// starts from the same pages.
enum SyntheticPages {
    /// The page `fuzz/seeds/auto/NAME.html`.
    static func seed(_ name: String) -> String {
        let file = TestLocations.repository.appendingPathComponent("fuzz/seeds/auto/\(name).html")
        guard let page = try? String(contentsOf: file, encoding: .utf8) else {
            fatalError("\(file.path) is missing: the synthetic pages live in fuzz/seeds/auto")
        }
        return page
    }

    /// Wraps a body in a page with a title, a navigation menu and a footer, as real pages have.
    static func page(_ body: String, title: String = "Pricing | Acme Cloud", head: String = "") -> String {
        """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>\(title)</title>\(head)</head><body>
        <nav class="top-nav"><ul><li><a href="/">Home</a></li><li><a href="/pricing">Pricing</a></li>
        <li><a href="/pro">Pro – $9</a></li><li><a href="/blog">Blog</a></li></ul></nav>
        \(body)
        <footer><div class="footer-col"><h4>Company</h4><ul><li>About</li><li>Jobs</li></ul></div>
        <div class="footer-col"><h4>Plans</h4><ul><li>Starter $9</li><li>Team $29</li></ul></div></footer>
        </body></html>
        """
    }

    static let cards = seed("cards")

    /// The amount's parts in separate elements, and a struck-through "was" price before the real one.
    static let splitPrices = seed("splitPrices")

    /// A billing toggle whose annual figures are only in `data-*` attributes.
    static let toggleAttributes = seed("toggleAttributes")

    /// A billing toggle with both figures in the HTML, the annual one hidden until the switch is flipped.
    static let toggleHidden = seed("toggleHidden")

    /// A billing toggle as two tab panels holding the same cards.
    static let togglePanels = seed("togglePanels")

    /// Plans as the columns of a comparison table: names in the header, prices in a row, ✓/✗ features.
    static let comparisonTable = seed("comparisonTable")

    /// Plans as the rows of a table.
    static let rowsTable = seed("rowsTable")

    /// Plans stated only in JSON-LD.
    static let jsonLD = seed("jsonLD")

    static let microdata = seed("microdata")

    /// Microdata offers whose amount is in `<meta itemprop="price">` and whose period or unit only the shown
    /// price says.
    static let microdataMeta = seed("microdataMeta")

    /// Cards that list their prices as labelled lines: "Monthly Price: $8", "Annual Price (25% off): $6",
    /// "Total Annual Payment: $72".
    static let labelledPriceLines = seed("labelledPriceLines")

    /// Cards built with utility classes (Tailwind's, one Bootstrap `fw-bold`): each plan's name is a
    /// `<p class="text-lg font-semibold">`, with no heading, no `<strong>` and no class that says "name"; a FAQ
    /// and testimonials with bold captions and amounts beside them.
    static let utilityClassCards = seed("utilityClassCards")

    /// Cards whose period is the block after the amount ("per user / month", "per month, billed yearly"), and
    /// one whose next block offers a saving instead ("Save 20% with yearly billing").
    static let termsAfterPrice = seed("termsAfterPrice")

    /// A billing toggle of radio inputs whose two amounts ("$10", then the hidden yearly "$8") share the one
    /// "/mo" after them.
    static let toggleSharedPeriod = seed("toggleSharedPeriod")

    /// Cards with three amounts side by side and no period: looking past a toggle's other figure for the terms
    /// once recursed without end here.
    static let threeAmountsInARow = seed("threeAmountsInARow")

    /// JSON-LD offers that the page also shows as cards, as shops often do.
    static let jsonLDWithCards = seed("jsonLDWithCards")

    /// Cards of one kind whose name and price sit at different depths: the featured card wraps its content in
    /// an extra block, and the trial's period is a sibling of its amount.
    static let unevenCards = seed("unevenCards")

    /// German: free tier, comma decimals, "Auf Anfrage".
    static let german = seed("german")

    /// A plan name and its price in one heading, as some pages write them.
    static let nameAndPriceHeadings = seed("nameAndPriceHeadings")

    // MARK: Pages without pricing

    static let blog = seed("blog")

    static let faq = seed("faq")

    static let testimonials = seed("testimonials")

    static let navigationHeavy = seed("navigationHeavy")

    /// Add-on and calculator blocks that hold prices but are not plans.
    static let calculator = seed("calculator")

    // MARK: Patterns for held-out pages

    /// German amounts split into number, decimals, currency and period elements.
    static let splitLocales = seed("splitLocales")
    /// Brazilian reais split around the cents, and "Sob consulta".
    static let splitBrazil = seed("splitBrazil")
    /// Yen split from the amount, with "/月（税込）" after it.
    static let splitJapanese = seed("splitJapanese")
    /// Two rows of cards: Swiss francs with apostrophe thousands, Indian rupees with lakh grouping.
    static let splitSwissIndian = seed("splitSwissIndian")
    /// An API's models as the rows of a table, with input and output prices per million tokens.
    static let apiUnitRows = seed("apiUnitRows")
    /// Plans as the rows of a table under a "Plan | Price | Users" header, Free to "Contact us".
    static let plansAsRows = seed("plansAsRows")
    /// "Most popular", "Save 20%" and "Best value" badges, and an enterprise card that says "Let's talk".
    static let badgesContact = seed("badgesContact")
    /// A currency selector: each price in dollars, with the euro and pound figures hidden beside it.
    static let currencySelector = seed("currencySelector")
    /// A billing toggle as two tab panels named only by their tab buttons, the annual one priced per year.
    static let toggleTabs = seed("toggleTabs")
    /// A shop's products with prices and "Add to cart": no pricing plans.
    static let shopProducts = seed("shopProducts")
    /// A changelog that mentions plan prices in its entries.
    static let changelog = seed("changelog")
    /// A funding announcement: "$40M", "$25M ARR" in stat blocks.
    static let pressRelease = seed("pressRelease")
    /// Job openings, each with a salary by the year or the hour.
    static let jobBoard = seed("jobBoard")
    /// Homes to rent, each at a price by the month.
    static let rentalListings = seed("rentalListings")
    /// Hotels found for a city, each at a price per night.
    static let hotelResults = seed("hotelResults")
    /// A feature comparison against others and benefit cards, one of which says "From $0".
    static let featureCompareNoPrices = seed("featureCompareNoPrices")

    /// Cards priced "$19/mo" with "billed annually" beside the figure: the annual plan's monthly figure.
    static let billedAnnually = seed("billedAnnually")
    /// Cards priced "$19/mo" with "billed monthly" beside the figure, one offering a saving when billed annually.
    static let billedMonthly = seed("billedMonthly")
    /// Model cards that count credits per clip at video resolutions ("720p"), and state no price.
    static let creditsPerClip = seed("creditsPerClip")
    /// A "Plan | Monthly | Annual" table whose plans are all "Custom" or "Contact sales", with detail rows.
    static let customRowsTable = seed("customRowsTable")
    /// "from $8/mo", "Starting at $16 per month" and "From <strong>$32</strong>/month".
    static let fromPrices = seed("fromPrices")

    /// BEM cards: the free plan's only price is its heading ("Studio Free Plan"), the others' a list item
    /// ("Monthly Price: $12.00"); the list's and items' classes say "tier".
    static let freePlanHeading = seed("freePlanHeading")

    /// Hostile markup: unclosed tags, upper-case tags, comments in prices, deep nesting, no pricing.
    static var hostile: String {
        let deep =
            String(repeating: "<div><span>", count: 3000) + "$5" + String(repeating: "</span></div>", count: 3000)
        return page(
            """
            <DIV CLASS="x"><P>Unclosed <B>bold <I>italic<!-- $9/mo --> text<TABLE><TR><TD>$<!--x-->7</TD></TABLE>
            \(deep)<script>var plans = [{"name":"Pro","price":"$10/mo"}];</script><style>.a{}</style>
            """, title: "")
    }
}
