/// The billing period and usage unit written after an amount: "/mo", " per user/month",
/// "/per image / per second", " monthly", "/Monat", " par mois", " al mes", "/月", "billed annually".
///
/// The suffix is cut into segments at "/" and at introducing words ("per", "pro", "par", "por", "al", ...);
/// a segment naming a period ("mo", "monthly", "Monat", "mois", "mes", "mês", "maand", "月", ...) sets the
/// period, the others, joined with " / ", form the unit. Words about billing and tax ("billed",
/// "abgerechnet", "VAT", "税込") are dropped.
struct PriceTerms: Equatable {
    var period: String?
    var unit: String?

    init(suffix: String) {
        // Most prices end at their number: nothing to read.
        guard suffix.utf8.contains(where: { $0 != 0x20 }) else { return }
        var units: [String] = []
        for segment in Self.segments(of: suffix) {
            let words = segment.words.map { $0.lowercasedWord }.filter { !Self.fillerWords.contains($0) }
            // A segment of bare symbols, such as the "+" of "$200+", names no unit.
            guard words.contains(where: { $0.contains(where: { $0.isLetter || $0.isNumber }) }) else { continue }
            if let period = Self.period(of: words) {
                if self.period == nil { self.period = period }
            } else if !segment.introduced {
                continue
            } else if words.count == 1, Self.seatWords.contains(words[0]) {
                units.append("user")
            } else {
                units.append(segment.words.map { String(Substring($0)) }.joined(separator: " "))
            }
        }
        unit = units.isEmpty ? nil : units.joined(separator: " / ")
    }

    /// The period a price's label names before it, as in "月額 ¥900" or "월 9,900원"; English labels
    /// ("Monthly price: $9") are left to the field's name.
    static func period(ofPrefix prefix: String) -> String? {
        guard !prefix.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        for (word, period) in prefixPeriods where prefix.hasSuffix(word) || prefix.hasSuffix(word + " ") {
            return period
        }
        return nil
    }

    private static let prefixPeriods: [(String, String)] = [
        ("月額", "month"), ("月々", "month"), ("毎月", "month"), ("每月", "month"), ("월", "month"), ("年額", "year"),
        ("年間", "year"), ("每年", "year"), ("연", "year"),
    ]

    /// The period the words name: one period word, or a phrase such as "one time", "pago único".
    private static func period(of words: [String]) -> String? {
        if let period = periodWords[words.joined(separator: " ")] { return period }
        guard let first = words.first, let period = periodWords[first] else { return nil }
        // "month jährliche": every word names a period; the first counts.
        return words.dropFirst().allSatisfy { periodWords[$0] != nil } ? period : nil
    }

    /// Spellings of each billing period in the languages pricing pages are written in, lower case. "once"
    /// is a one-time payment.
    private static let periodWords: [String: String] = {
        let spellings: [String: [String]] = [
            "month": [
                "m", "pm", "p.m", "pcm", "mo", "mos", "mth", "mths", "mnth", "month", "months", "monthly", "monat",
                "monate", "monatlich",
                "monatliche", "monatlicher", "mtl", "mon", "mois", "mensuel", "mensuelle", "mensuellement", "mes",
                "meses", "mensual", "mensuales", "mensualmente", "mês", "mensal", "mensais", "mensalmente", "mese",
                "mesi", "mensile", "mensili", "mensilmente", "maand", "maanden", "maandelijks", "mnd", "月", "ヶ月",
                "か月", "カ月", "ヵ月", "个月", "個月", "månad", "mån", "måned", "månedlig", "kk", "miesiąc",
                "mies", "miesięcznie", "mc", "měsíc", "měsíčně", "měs", "mesiac", "mesačne", "месяц", "мес", "ay",
                "aylık", "월", "bulan", "bln", "tháng", "เดือน",
            ],
            "year": [
                "y", "pa", "p.a", "yr", "yrs", "year", "years", "yearly", "annually", "annual", "annum", "jahr",
                "jahre", "jährlich",
                "jaehrlich", "jährliche", "jährlicher", "an", "ans", "année", "annuel", "annuelle", "annuellement",
                "año", "años", "anual", "anuales", "anualmente", "ano", "anos", "anuais", "anno", "anni", "annuale",
                "annuali", "annualmente", "jaar", "jaarlijks", "年", "年間", "år", "årlig", "årligen", "rok",
                "roku", "rocznie", "ročně", "ročne", "год", "года", "yıl", "yıllık", "년", "tahun", "thn", "năm", "ปี",
            ],
            "week": [
                "wk", "wks", "week", "weeks", "weekly", "woche", "wöchentlich", "semaine", "semana", "settimana",
                "週", "周", "vecka", "uge", "uke", "tydzień", "týden", "неделя",
            ],
            "day": [
                "day", "days", "daily", "tag", "täglich", "jour", "día", "dia", "giorno", "dag", "日", "день",
            ],
            "hour": [
                "h", "hr", "hrs", "hour", "hours", "hourly", "stunde", "std", "heure", "hora", "ora", "uur", "時間",
                "小时", "час",
            ],
            "once": [
                "one-time", "one time", "onetime", "once", "lifetime", "einmalig", "einmalige", "unique",
                "paiement unique",
                "pago único", "único", "pagamento único", "una tantum", "eenmalig", "買い切り", "一回", "一次性",
            ],
        ]
        var words: [String: String] = [:]
        for (period, list) in spellings { for word in list { words[word] = period } }
        return words
    }()

    /// Words that only introduce a segment: "per month", "pro Monat", "par mois", "al mes", "ao mês".
    private static let introducingWords: Set<String> = [
        "per", "a", "an", "each", "every", "billed", "pro", "je", "im", "par", "au", "por", "al", "ao", "à", "da",
        "il", "l", "all", "ogni", "za", "в", "pour", "para", "cada", "jeden", "jede",
    ]

    /// Words about billing and tax that name neither period nor unit.
    private static let fillerWords: Set<String> = [
        "paid", "payable", "charged", "abgerechnet", "abrechnung", "zahlung", "bezahlt", "facturé", "facturée",
        "facturation", "factura", "facturado", "cobrado", "cobrança", "fatturato", "fatturazione", "gefactureerd",
        "betaald", "paiement", "pago", "pagamento", "vat", "tax", "taxes", "inc", "incl", "excl", "ex", "plus",
        "inkl", "zzgl", "mwst", "ust", "ht", "ttc", "iva", "gst", "税込", "税抜", "税別", "自動更新", "bei", "en",
        "de", "the", "payment", "prepaid", "up", "front", "upfront", "netto", "brutto", "net", "gross", "btw", "ea",
        "p", "as", "at", "only", "nur", "now", "sale", "jetzt", "regular", "reg", "was", "statt", "uvp", "list",
        "instead", "seulement", "solo", "apenas", "alleen", "+", "approx", "ca", "from", "ab", "dès", "desde",
    ]

    /// Words for a seat in other languages, read as the unit "user" (English ones are kept as written).
    private static let seatWords: Set<String> = [
        "nutzer", "benutzer", "utilisateur", "utilisateurs", "usuario", "usuarios", "usuário", "usuários", "utente",
        "utenti", "gebruiker", "gebruikers", "ユーザー", "人", "名", "användare", "bruker", "bruger", "użytkownik",
        "uživatel", "пользователь",
    ]

    /// Brackets and commas close a segment ("por dispositivo (Pago único)"); the other marks only part words.
    private static let segmentEnds: Set<UInt8> = Set("()[],;".utf8)
    private static let punctuation: Set<UInt8> = Set(":'!?*~+".utf8)
    private static let (slash, space, dot) = (UInt8(ascii: "/"), UInt8(ascii: " "), UInt8(ascii: "."))

    /// Segments as their words, brackets, edge punctuation and introducing words removed, in the page's case.
    private static func segments(of suffix: String) -> [Segment] {
        var segments: [Segment] = []
        var afterSlash = false
        var partStart = suffix.utf8.startIndex
        let utf8 = suffix.utf8
        while partStart < utf8.endIndex {
            let partEnd = utf8[partStart...].firstIndex { $0 == slash || segmentEnds.contains($0) } ?? utf8.endIndex
            // Words straight after the amount, or after a bracket, are no unit unless "/" or "per" introduces
            // them: "R$ 99 sem juros" names no unit, "$0.10/GB" and "$5 per seat" do.
            var current = Segment(words: [], introduced: afterSlash)
            let words = utf8[partStart..<partEnd].split { $0 == space || punctuation.contains($0) }
                .filter { !$0.elementsEqual([dot]) }
            for (position, word) in words.enumerated() {
                // "an" introduces "an hour" but is the year in "par an".
                if isIntroducing(word), position + 1 < words.count || !word.elementsEqual("an".utf8) {
                    if !current.words.isEmpty { segments.append(current) }
                    current = Segment(words: [], introduced: true)
                } else {
                    current.words.append(word.last == dot ? word.dropLast() : word)
                }
            }
            if !current.words.isEmpty { segments.append(current) }
            guard partEnd < utf8.endIndex else { break }
            afterSlash = utf8[partEnd] == slash
            partStart = utf8.index(after: partEnd)
        }
        return segments
    }

    /// The words of one segment, and whether "/" or an introducing word stood before them.
    private struct Segment {
        var words: [Substring.UTF8View.SubSequence]
        var introduced: Bool
    }

    private static let introducingBytes = introducingWords.map { Array($0.utf8) }

    /// Whether a word is one of ``introducingWords``, compared on bytes (ASCII in any case) without building
    /// a string for every word of every price.
    private static func isIntroducing(_ word: Substring.UTF8View.SubSequence) -> Bool {
        guard word.count <= 6 else { return false }
        return introducingBytes.contains { candidate in
            candidate.count == word.count
                && zip(candidate, word).allSatisfy { $0 == $1 || ($1 < 0x80 && $0 == $1 | 0x20) }
        }
    }
}

extension Substring.UTF8View.SubSequence {
    /// The word in lower case: ASCII on bytes, other scripts through `lowercased()`.
    fileprivate var lowercasedWord: String {
        if allSatisfy({ $0 < 0x80 }) {
            return String(decoding: map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return String(Substring(self)).lowercased()
    }
}
