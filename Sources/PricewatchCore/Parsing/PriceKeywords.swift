/// Words that say what a price is when it has no amount: "Free", "Gratis", "無料" give `.free`; "Custom",
/// "Individuell", "Sur mesure" give `.custom`; "Contact sales", "Let's talk", "Auf Anfrage", "Sur devis",
/// "Sob consulta", "お問い合わせ" give `.contactSales`.
enum PriceKeywords {
    /// The kind of a text without an amount, `.unknown` when its words name none.
    static func kind(of raw: String) -> Price.Kind {
        let lower = raw.lowercased()
        let isASCII = lower.utf8.allSatisfy { $0 < 0x80 }
        // ASCII text is split on its bytes: `Character` properties cost most of reading "Custom".
        let words: [String] =
            isASCII
            ? lower.utf8.split(whereSeparator: { $0 < UInt8(ascii: "a") || $0 > UInt8(ascii: "z") }).map {
                String(decoding: $0, as: UTF8.self)
            }
            : lower.split { !$0.isLetter }.map(String.init)
        // Phrases are matched as runs of words, not through Foundation's substring search (a quarter of
        // zero-config reading's time went there).
        if words.contains(where: customWords.contains) || customPhrases.contains(where: { contains($0, in: words) }) {
            return .custom
        }
        if words.contains(where: contactWords.contains) || contactPhrases.contains(where: { contains($0, in: words) }) {
            return .contactSales
        }
        if !isASCII, let kind = scriptKeywords.first(where: { contains(bytes: $0.text, in: lower) })?.kind {
            return kind
        }
        // "No free tier available" says the opposite of free.
        if words.contains(where: freeWords.contains), !words.contains(where: negations.contains) { return .free }
        return .unknown
    }

    /// Whether the text speaks of a trial ("14-day free trial", "Kostenlos testen"): free to try, not a
    /// free plan.
    static func mentionsTrial(_ raw: String) -> Bool {
        let lower = raw.lowercased()
        return lower.split { !$0.isLetter }.contains { trialWords.contains(String($0)) }
            || ["お試し", "体験", "试用"].contains { contains(bytes: $0, in: lower) }
    }

    /// Whether `phrase` (words joined by single spaces) occurs as consecutive words of `words`.
    private static func contains(_ phrase: [String], in words: [String]) -> Bool {
        guard phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in
            phrase.indices.allSatisfy { words[start + $0] == phrase[$0] }
        }
    }

    /// Whether `text`'s UTF-8 bytes hold `needle`'s.
    private static func contains(bytes needle: String, in text: String) -> Bool {
        let (needle, text) = (Array(needle.utf8), Array(text.utf8))
        guard needle.count <= text.count else { return false }
        return (0...(text.count - needle.count)).contains { start in
            needle.indices.allSatisfy { text[start + $0] == needle[$0] }
        }
    }

    private static let customWords: Set<String> = [
        "custom", "individuell", "individuelle", "individueller", "personalizado", "personalizada", "personnalisé",
        "personnalisée", "personalizzato", "personalizzata", "maatwerk", "bespoke", "tailored",
    ]
    private static let customPhrases = ["sur mesure", "a medida", "op maat", "sob medida", "su misura"].map(words)

    private static let contactWords: Set<String> = [
        "contact", "contacter", "contactez", "contactar", "contacta", "contáctanos", "contactanos", "contacte",
        "contato", "contatto", "contattaci", "contattare", "kontakt", "kontaktieren", "kontaktiere", "quote",
        "devis", "anfrage", "consulta", "consultar", "richiesta", "aanvraag", "offerte", "preventivo", "orçamento",
        "cotización", "cotizar", "cotação", "poa",
    ]
    private static let contactPhrases = [
        "talk to sales", "let s talk", "lets talk", "talk to us", "call us", "get in touch", "book a demo",
        "request a demo", "request pricing", "on request", "upon request", "fale conosco", "entre em contato",
        "neem contact", "hablemos", "parlons en", "sprechen sie uns an",
    ].map(words)

    private static func words(_ phrase: String) -> [String] { phrase.split(separator: " ").map(String.init) }

    private static let freeWords: Set<String> = [
        "free", "gratis", "kostenlos", "kostenfrei", "gratuit", "gratuite", "grátis", "gratuito", "gratuita",
        "gratuitement", "gratuitamente", "bezpłatny", "bezpłatnie", "darmowy", "darmo", "zdarma", "бесплатно",
        "ücretsiz", "ilmainen", "gratuïto",
    ]

    /// Keywords of scripts written without spaces between words, found anywhere in the text.
    private static let scriptKeywords: [(text: String, kind: Price.Kind)] = [
        ("お問い合わせ", .contactSales), ("問い合わせ", .contactSales), ("問合せ", .contactSales),
        ("要相談", .contactSales), ("応相談", .contactSales), ("見積", .contactSales), ("联系", .contactSales),
        ("咨询", .contactSales), ("문의", .contactSales), ("カスタム", .custom), ("定制", .custom),
        ("無料", .free), ("免费", .free), ("免費", .free), ("무료", .free),
    ]

    private static let negations: Set<String> = [
        "no", "not", "without", "none", "kein", "keine", "nicht", "ohne", "pas", "sans", "sin", "sem", "senza",
        "geen", "niet", "non",
    ]

    private static let trialWords: Set<String> = [
        "trial", "testen", "test", "essai", "prueba", "teste", "prova", "proef", "proefperiode", "try",
        "probeabo", "testversion", "testphase",
    ]
}
