#if canImport(Glibc)
    import Glibc
#endif
import PricewatchHTML

/// Words that say what a price is when it has no amount: "Free", "Gratis", "無料" give `.free`; "Custom",
/// "Individuell", "Sur mesure" give `.custom`; "Contact sales", "Let's talk", "Auf Anfrage", "Sur devis",
/// "Sob consulta", "お問い合わせ" give `.contactSales`.
enum PriceKeywords {
    /// The kind of a text without an amount, `.unknown` when its words name none.
    static func kind(of raw: String) -> Price.Kind {
        if FastPath.words.isOn, let words = ASCIIWord.words(of: raw) {
            return kind(of: words) {
                raw.utf8.contains { $0 >= 0x80 }
                    ? scriptKeywords.first { contains(bytes: $0.text, in: raw) }?.kind : nil
            }
        }
        let lower = raw.lowercased()
        let words = lower.split { !$0.isLetter }.map(String.init)
        if words.contains(where: customWords.contains) || customPhrases.contains(where: { contains($0, in: words) }) {
            return .custom
        }
        if words.contains(where: contactWords.contains) || contactPhrases.contains(where: { contains($0, in: words) }) {
            return .contactSales
        }
        if let kind = scriptKeywords.first(where: { contains(bytes: $0.text, in: lower) })?.kind {
            return kind
        }
        // "No free tier available" says the opposite of free.
        if words.contains(where: freeWords.contains), !words.contains(where: negations.contains) { return .free }
        return .unknown
    }

    /// ``kind(of:)`` of a text read as ``ASCIIWord``s: the same tables, in the same order, looked up without a
    /// `String` per word; `scriptKind` is the script keywords' verdict. Phrases are matched as runs of words,
    /// not through Foundation's substring search.
    private static func kind(of words: [ASCIIWord], scriptKind: () -> Price.Kind?) -> Price.Kind {
        if words.contains(where: ascii.custom.contains)
            || ascii.customPhrases.contains(where: { contains($0, in: words) })
        {
            return .custom
        }
        if words.contains(where: ascii.contact.contains)
            || ascii.contactPhrases.contains(where: { contains($0, in: words) })
        {
            return .contactSales
        }
        if let kind = scriptKind() { return kind }
        if words.contains(where: ascii.free.contains), !words.contains(where: ascii.negations.contains) { return .free }
        return .unknown
    }

    /// Whether the text speaks of a trial ("14-day free trial", "Kostenlos testen"): free to try, not a
    /// free plan.
    static func mentionsTrial(_ raw: String) -> Bool {
        let scriptTrial = ["お試し", "体験", "试用"]
        if FastPath.words.isOn, let words = ASCIIWord.words(of: raw) {
            return words.contains(where: ascii.trial.contains)
                || raw.utf8.contains { $0 >= 0x80 } && scriptTrial.contains { contains(bytes: $0, in: raw) }
        }
        let lower = raw.lowercased()
        return lower.split { !$0.isLetter }.contains { trialWords.contains(String($0)) }
            || scriptTrial.contains { contains(bytes: $0, in: lower) }
    }

    /// The ASCII keywords of the tables below, as ``ASCIIWord``s.
    private static let ascii = (
        custom: ASCIIWord.table(customWords), customPhrases: customPhrases.map { $0.map(ASCIIWord.keyword) },
        contact: ASCIIWord.table(contactWords), contactPhrases: contactPhrases.map { $0.map(ASCIIWord.keyword) },
        free: ASCIIWord.table(freeWords), negations: ASCIIWord.table(negations), trial: ASCIIWord.table(trialWords)
    )

    /// Whether `phrase` (words joined by single spaces) occurs as consecutive words of `words`.
    private static func contains<Word: Equatable>(_ phrase: [Word], in words: [Word]) -> Bool {
        guard phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in
            phrase.indices.allSatisfy { words[start + $0] == phrase[$0] }
        }
    }

    /// Whether `text`'s UTF-8 bytes hold `needle`'s. Each script keyword is looked for in every text without
    /// an amount, so C's `memchr` finds where one may start and `memcmp` compares it there.
    private static func contains(bytes needle: String, in text: String) -> Bool {
        var (needle, text) = (needle, text)
        return text.withUTF8 { text in
            needle.withUTF8 { needle in
                guard let first = needle.first, let word = needle.baseAddress else { return true }
                guard needle.count <= text.count, let base = text.baseAddress else { return false }
                let lastStart = text.count - needle.count
                var from = 0
                while from <= lastStart, let found = memchr(base + from, Int32(first), lastStart + 1 - from) {
                    let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + start, word, needle.count) == 0 { return true }
                    from = start + 1
                }
                return false
            }
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
