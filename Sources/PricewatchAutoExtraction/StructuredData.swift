import Foundation
import PricewatchCore

/// Plans that a page states as schema.org data: JSON-LD `Product`/`Service`/`SoftwareApplication` with
/// `offers` (an `Offer`, a list of them, or an `AggregateOffer`'s `offers`), and microdata or RDFa offers
/// (`itemprop="price"`, `property="price"` with `priceCurrency`). An `Offer`'s `name` names the plan; an offer
/// without one takes its product's name.
struct StructuredData {
    let page: Page
    /// The page's price tags, for the terms an offer shows beside its marked-up amount.
    let tags: PriceTags

    /// What JSON-LD says: plans, and the brand or publisher as the vendor.
    func jsonLD() -> (plans: [PlanCandidate], vendor: String?) {
        var plans: [PlanCandidate] = []
        var vendor: String?
        for index in 0..<page.count where page.name(index) == "script" {
            guard page.attribute("type", of: index)?.lowercased().holds("ld+json") == true,
                let text = page.element(index).rawText, let data = text.data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            for node in Self.nodes(json) {
                let types = Self.types(of: node)
                if vendor == nil, types.contains(where: ["Organization", "WebSite", "Corporation"].contains) {
                    vendor = node["name"] as? String
                }
                guard
                    types.contains(
                        where: ["Product", "Service", "SoftwareApplication", "WebApplication", "MobileApplication"]
                            .contains)
                else { continue }
                if vendor == nil { vendor = Self.name(of: node["brand"]) ?? Self.name(of: node["publisher"]) }
                let productName = node["name"] as? String
                for offer in Self.offers(of: node["offers"]) {
                    guard let plan = plan(from: offer, productName: productName, script: index, position: plans.count)
                    else { continue }
                    plans.append(plan)
                }
            }
        }
        return (plans, vendor)
    }

    private func plan(from offer: [String: Any], productName: String?, script: Int, position: Int) -> PlanCandidate? {
        guard let name = (offer["name"] as? String) ?? productName, CardReader.isNameLike(name) else { return nil }
        let specification = Self.offers(of: offer["priceSpecification"]).first ?? [:]
        let amountValue = offer["price"] ?? offer["lowPrice"] ?? specification["price"]
        let currency = (offer["priceCurrency"] ?? specification["priceCurrency"]) as? String
        guard let amountText = Self.text(amountValue), let amount = Amount(amountText) else { return nil }
        let period = Self.period(
            Self.text(specification["billingDuration"]) ?? Self.text(specification["unitText"])
                ?? Self.text(specification["unitCode"]))
        let price = Price(
            raw: [currency, amountText].compactMap { $0 }.joined(separator: " "), kind: .amount, amount: amount,
            currency: currency?.uppercased(), period: period,
            unit: Self.text(specification["referenceQuantity"].flatMap { ($0 as? [String: Any])?["unitText"] }))
        return PlanCandidate(
            name: name.trimmingCharacters(in: .whitespacesAndNewlines),
            prices: [PriceField.field(for: price, tag: ""): price], features: [], confidence: 95,
            strategy: .jsonLD, pathElements: [script], position: script * 1000 + position)
    }

    /// Microdata and RDFa offers: each element marked as a price, with the name of its item.
    func microdata() -> [PlanCandidate] {
        var plans: [PlanCandidate] = []
        for index in 0..<page.count where !page.inChrome[index] && !page.struck[index] {
            let property =
                (page.attribute("itemprop", of: index) ?? page.attribute("property", of: index) ?? "").lowercased()
            guard property == "price" || property.hasSuffix(":price") || property == "lowprice" else { continue }
            let scope = page.ancestors(of: index).first {
                page.attribute("itemscope", of: $0) != nil || page.attribute("typeof", of: $0) != nil
            }
            guard let scope else { continue }
            let value = page.attribute("content", of: index) ?? page.text(index)
            let currency = itemValue(named: "pricecurrency", in: scope)?.value
            var price = PriceTagText.price(in: page.text(index)) ?? PriceParser.parse(value)
            if price.amount == nil, let amount = CardReader.bareAmount(value) {
                price = Price(raw: page.text(index), kind: .amount, amount: amount)
            }
            guard price.kind == .amount else { continue }
            if let currency { price.currency = currency.uppercased() }
            // `<meta itemprop="price" content="29">` beside a shown "$29/month": the marked-up amount, with
            // the period or unit the offer shows for it.
            let shown = price.period == nil && price.unit == nil ? shownTerms(of: price, in: scope) : nil
            if let shown {
                price.period = shown.price.period
                price.unit = shown.price.unit
            }
            // The offer's own name, else the product's it belongs to.
            let product = page.ancestors(of: scope).first { page.attribute("itemscope", of: $0) != nil }
            guard
                let name = itemValue(named: "name", in: scope) ?? product.flatMap({ itemValue(named: "name", in: $0) }),
                CardReader.isNameLike(name.value)
            else { continue }
            let tag =
                (shown.map { page.text($0.element) } ?? page.text(index)) + " "
                + (itemValue(named: "billingduration", in: scope)?.value ?? "")
            plans.append(
                PlanCandidate(
                    name: name.value, prices: [PriceField.field(for: price, tag: tag): price], features: [],
                    confidence: 90, strategy: .microdata, pathElements: [scope, index], position: scope,
                    elements: (scope, name.element, index)))
        }
        return plans
    }

    /// The first price tag inside an offer that shows the offer's amount (in its currency) with a period or a
    /// unit.
    private func shownTerms(of price: Price, in scope: Int) -> PriceTags.Tag? {
        tags.tags(in: scope, page: page).first { tag in
            !tag.struck && tag.price.kind == .amount && tag.price.amount == price.amount
                && (tag.price.currency == price.currency || tag.price.currency == nil || price.currency == nil)
                && (tag.price.period != nil || tag.price.unit != nil)
        }
    }

    /// The first value of a property inside an item, not descending into nested items, and its element.
    private func itemValue(named name: String, in scope: Int) -> (value: String, element: Int)? {
        for index in page.descendants(of: scope) {
            let property =
                (page.attribute("itemprop", of: index) ?? page.attribute("property", of: index) ?? "").lowercased()
            guard property == name || property.hasSuffix(":" + name) else { continue }
            let nested = page.ancestors(of: index).prefix { $0 != scope }.contains {
                page.attribute("itemscope", of: $0) != nil
            }
            if nested { continue }
            let value = (page.attribute("content", of: index) ?? page.text(index)).trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return (value, index) }
        }
        return nil
    }

    // MARK: JSON

    /// Every object of a JSON-LD document, `@graph` members and nested objects included, in document order.
    private static func nodes(_ json: Any) -> [[String: Any]] {
        var found: [[String: Any]] = []
        var stack: [Any] = [json]
        while let value = stack.popLast() {
            if let object = value as? [String: Any] {
                found.append(object)
                for key in object.keys.sorted().reversed() where key != "offers" { stack.append(object[key]!) }
            } else if let array = value as? [Any] {
                stack.append(contentsOf: array.reversed())
            }
            if found.count > 10_000 { break }
        }
        return found
    }

    private static func types(of node: [String: Any]) -> [String] {
        let type = node["@type"]
        let names = (type as? [Any])?.compactMap { $0 as? String } ?? [(type as? String) ?? ""]
        return names.map { $0.split(separator: ":").last.map(String.init) ?? $0 }
    }

    private static func offers(of value: Any?) -> [[String: Any]] {
        if let list = value as? [Any] { return list.flatMap { offers(of: $0) } }
        guard let object = value as? [String: Any] else { return [] }
        if let inner = object["offers"] { return offers(of: inner) }
        return [object]
    }

    private static func name(of value: Any?) -> String? {
        if let text = value as? String { return text }
        return (value as? [String: Any])?["name"] as? String
    }

    private static func text(_ value: Any?) -> String? {
        switch value {
        case let text as String: return text.isEmpty ? nil : text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    /// `P1M`, `MON`, `month` → month; `P1Y`, `ANN`, `year` → year.
    private static func period(_ text: String?) -> String? {
        guard let text = text?.uppercased() else { return nil }
        if text == "P1M" || text.hasPrefix("MON") || text == "P30D" { return "month" }
        if text == "P1Y" || text.hasPrefix("ANN") || text.hasPrefix("YEAR") || text == "P12M" { return "year" }
        return nil
    }
}
