/// Small pricing and non-pricing pages written for these tests, one per pattern zero-config reading must
/// handle. None is copied from a real site.
enum SyntheticPages {
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

    static let cards = page(
        """
        <section class="pricing"><h1>Plans for every team</h1>
        <div class="plans">
          <div class="plan-card"><h3>Starter</h3><p class="price">$9<span>/month</span></p>
            <ul><li>1 project</li><li>Email support</li></ul><a class="btn" href="/s">Start</a></div>
          <div class="plan-card featured"><span class="badge">Most popular</span><h3>Team</h3>
            <p class="price">$29<span>/month</span></p><ul><li>10 projects</li><li>Chat support</li></ul>
            <a class="btn" href="/t">Start</a></div>
          <div class="plan-card"><h3>Enterprise</h3><p class="price">Custom</p>
            <ul><li>Unlimited projects</li><li>SSO</li></ul><a class="btn" href="/c">Contact sales</a></div>
        </div></section>
        """)

    /// The amount's parts in separate elements, and a struck-through "was" price before the real one.
    static let splitPrices = page(
        """
        <div class="pricing-grid">
          <article class="tier"><h2 class="tier-name">Solo</h2>
            <div class="amount"><s>$39</s> <span class="cur">$</span><span class="int">29</span><sup>.99</sup><small>/mo</small></div>
            <button>Buy</button></article>
          <article class="tier"><h2 class="tier-name">Studio</h2>
            <div class="amount"><s>$99</s> <span class="cur">$</span><span class="int">79</span><sup>.50</sup><small>/mo</small></div>
            <button>Buy</button></article>
        </div>
        """)

    /// A billing toggle whose annual figures are only in `data-*` attributes.
    static let toggleAttributes = page(
        """
        <div class="toggle"><span>Monthly</span><input type="checkbox"><span>Yearly (save 20%)</span></div>
        <div class="pricing-cards">
          <div class="pc"><div class="pc-title">Basic</div>
            <div class="pc-price">€<span data-monthly="15" data-yearly="12">15</span> / month</div>
            <a class="pc-btn" href="#">Choose</a></div>
          <div class="pc"><div class="pc-title">Plus</div>
            <div class="pc-price">€<span data-monthly="1.250" data-yearly="1.000">1.250</span> / month</div>
            <a class="pc-btn" href="#">Choose</a></div>
        </div>
        """)

    /// A billing toggle with both figures in the HTML, the annual one hidden until the switch is flipped.
    static let toggleHidden = page(
        """
        <div class="pricing-table">
          <div class="column"><h4>Lite</h4>
            <span class="price price--monthly">$12/mo</span><span class="price price--annual" hidden>$10/mo</span>
            <button>Go</button></div>
          <div class="column"><h4>Max</h4>
            <span class="price price--monthly">$48/mo</span><span class="price price--annual" hidden>$40/mo</span>
            <button>Go</button></div>
        </div>
        """)

    /// A billing toggle as two tab panels holding the same cards.
    static let togglePanels = page(
        """
        <div role="tabpanel" id="billing-monthly" class="panel"><div class="cards">
          <div class="card"><h3>Hobby</h3><p class="cost">$5 per month</p><button>Buy</button></div>
          <div class="card"><h3>Business</h3><p class="cost">$50 per month</p><button>Buy</button></div>
        </div></div>
        <div role="tabpanel" id="billing-annual" class="panel" style="display:none"><div class="cards">
          <div class="card"><h3>Hobby</h3><p class="cost">$4 per month</p><button>Buy</button></div>
          <div class="card"><h3>Business</h3><p class="cost">$40 per month</p><button>Buy</button></div>
        </div></div>
        """)

    /// Plans as the columns of a comparison table: names in the header, prices in a row, ✓/✗ features.
    static let comparisonTable = page(
        """
        <h2>Compare plans</h2>
        <table class="compare"><thead><tr><th>Feature</th><th>Free</th><th>Pro</th><th>Ultimate ★</th></tr></thead>
        <tbody>
          <tr><td>Price</td><td>$0</td><td>$15 / month</td><td>$45 / month</td></tr>
          <tr><td>Projects</td><td>1</td><td>10</td><td>Unlimited</td></tr>
          <tr><td>API access</td><td>✗</td><td>✓</td><td>✓</td></tr>
          <tr><td>Audit log</td><td>✗</td><td>✗</td><td><!-- soon -->✓</td></tr>
        </tbody></table>
        """)

    /// Plans as the rows of a table.
    static let rowsTable = page(
        """
        <TABLE class="rates"><TR><TH>Plan</TH><TH>Price</TH><TH>Seats</TH></TR>
        <TR><TD>Bronze</TD><TD>£5/mo</TD><TD>1</TD></TR>
        <TR><TD>Silver</TD><TD>£15/mo</TD><TD>5</TD>
        <TR><TD>Gold</TD><TD>£40/mo</TD><TD>25</TD></TR></TABLE>
        """)

    static let jsonLD = page(
        "<main><h1>Pricing</h1><p>See our plans.</p></main>",
        head: """
            <script type="application/ld+json">
            {"@context":"https://schema.org","@type":"SoftwareApplication","name":"Acme Cloud",
             "publisher":{"@type":"Organization","name":"Acme Inc."},
             "offers":[
               {"@type":"Offer","name":"Basic","price":"10.00","priceCurrency":"USD",
                "priceSpecification":{"@type":"UnitPriceSpecification","price":"10.00","priceCurrency":"USD",
                  "billingDuration":"P1M"}},
               {"@type":"Offer","name":"Premium","price":120,"priceCurrency":"USD",
                "priceSpecification":{"@type":"UnitPriceSpecification","price":120,"priceCurrency":"USD",
                  "unitText":"ANN"}}]}
            </script>
            """)

    static let microdata = page(
        """
        <div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Acme Backup</h1>
          <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
            <h2 itemprop="name">Personal</h2><span itemprop="priceCurrency" content="EUR">€</span>
            <span itemprop="price" content="4.99">4,99</span> / Monat</div>
          <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
            <h2 itemprop="name">Family</h2><span itemprop="priceCurrency" content="EUR">€</span>
            <span itemprop="price" content="9.99">9,99</span> / Monat</div>
        </div>
        """)

    /// JSON-LD offers that the page also shows as cards, as shops often do.
    static let jsonLDWithCards = page(
        """
        <div class="tiers">
          <div class="tier"><h2>Hobby</h2><div class="cost">$5 / month</div><button>Buy</button></div>
          <div class="tier"><h2>Studio</h2><div class="cost">$25 / month</div><button>Buy</button></div>
        </div>
        """,
        head: """
            <script type="application/ld+json">
            {"@context":"https://schema.org","@type":"Product","name":"Acme Render","brand":{"name":"Acme"},
             "offers":[{"@type":"Offer","name":"Hobby","price":"5","priceCurrency":"USD"},
                       {"@type":"Offer","name":"Studio","price":"25","priceCurrency":"USD"}]}
            </script>
            """)

    /// Cards of one kind whose name and price sit at different depths: the featured card wraps its content in
    /// an extra block, and the trial's period is a sibling of its amount.
    static let unevenCards = page(
        """
        <section class="offer-grid">
          <div class="panel group"><h2 class="title">Trial</h2>
            <div class="cost"><span class="figure">$0</span><span> /14 days</span></div>
            <ul><li>10 users</li></ul><button>Start</button></div>
          <div class="relative group"><div class="glow"></div><div class="panel inner">
            <span class="ribbon title">Recommended</span><h2 class="title">School</h2>
            <div class="cost"><span class="figure">$0.75</span><span>per student monthly</span></div>
            <ul><li>Unlimited users</li></ul><a class="btn" href="/buy">Buy</a></div></div>
        </section>
        """)

    /// German: free tier, comma decimals, "Auf Anfrage".
    static let german = page(
        """
        <section id="preise"><div class="pakete">
          <div class="paket"><h3>Basis</h3><div class="preis">Kostenlos</div><ul><li>1 Nutzer</li></ul></div>
          <div class="paket"><h3>Profi</h3><div class="preis">19,90 €<small> / Monat</small></div>
            <ul><li>5 Nutzer</li></ul></div>
          <div class="paket"><h3>Konzern</h3><div class="preis">Auf Anfrage</div><ul><li>Alle Nutzer</li></ul></div>
        </div></section>
        """, title: "Preise – Beispiel GmbH")

    /// A plan name and its price in one heading, as some pages write them.
    static let nameAndPriceHeadings = page(
        """
        <div class="offers">
          <div class="box"><h3>Mini — 4,50 € / Monat</h3><p>Für Einsteiger</p></div>
          <div class="box"><h3>Maxi — 12,00 € / Monat</h3><p>Für Profis</p></div>
        </div>
        """)

    // MARK: Pages without pricing

    static let blog = page(
        """
        <main class="blog"><h1>Our blog</h1>
          <article class="post"><h2>How we cut hosting costs by $40,000</h2><time>2026-01-02</time>
            <p>Last year our bill was $120,000. Here is how we saved a third of it.</p></article>
          <article class="post"><h2>Pricing psychology: why $99 beats $100</h2><time>2026-02-03</time>
            <p>Charm prices such as $9.99 have been studied for decades.</p></article>
          <article class="post"><h2>Launch week recap</h2><time>2026-03-04</time><p>Five launches in five days.</p></article>
        </main>
        """, title: "Blog | Acme")

    static let faq = page(
        """
        <section class="faq"><h2>Frequently asked questions</h2>
          <div class="faq-item"><h3>Can I get a refund?</h3><p>Yes, within 30 days, up to $500.</p></div>
          <div class="faq-item"><h3>Do you offer discounts?</h3><p>Non-profits get 30% off; students pay $5.</p></div>
          <div class="faq-item"><h3>Is there a free trial?</h3><p>Every plan has a 14-day free trial.</p></div>
        </section>
        """, title: "FAQ | Acme")

    static let testimonials = page(
        """
        <section class="testimonials"><h2>Loved by teams</h2>
          <div class="testimonial"><blockquote>"Acme saved us <strong>$5M</strong> in a year."</blockquote>
            <h4>Jane Roe</h4><p class="role">CFO, Initech</p><p class="stat">$5M saved</p></div>
          <div class="testimonial"><blockquote>"We cut costs by <strong>$250k</strong>."</blockquote>
            <h4>John Doe</h4><p class="role">CTO, Hooli</p><p class="stat">$250k saved</p></div>
        </section>
        """, title: "Customers | Acme")

    static let navigationHeavy = page(
        """
        <header><nav class="mega-menu"><div class="menu-col"><h3>Products</h3><ul><li><a href="/a">Analytics $19</a></li>
          <li><a href="/b">Backups $29</a></li></ul></div><div class="menu-col"><h3>Plans</h3><ul>
          <li><a href="/s">Starter $9/mo</a></li><li><a href="/t">Team $29/mo</a></li></ul></div></nav></header>
        <main><h1>About us</h1><p>We build tools for teams.</p></main>
        """, title: "About | Acme")

    /// Add-on and calculator blocks that hold prices but are not plans.
    static let calculator = page(
        """
        <section class="roi-calculator"><h2>What you save</h2><div class="roi-grid">
          <div class="roi-card"><h4>Small team</h4><div class="row"><span>Manual work</span><span>$8,000/mo</span></div>
            <div class="row"><span>With Acme</span><span>$99/mo</span></div><div class="row"><span>You save</span><span>$7,901/mo</span></div></div>
          <div class="roi-card"><h4>Large team</h4><div class="row"><span>Manual work</span><span>$80,000/mo</span></div>
            <div class="row"><span>With Acme</span><span>$999/mo</span></div><div class="row"><span>You save</span><span>$79,001/mo</span></div></div>
        </div></section>
        """, title: "ROI | Acme")

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
