import PricewatchCore
import PricewatchNotify

extension FuzzTarget {
    /// The price parser, in both contexts, and price ranges: no crash, and a reading that claims a price
    /// keeps the text it read.
    static let price = FuzzTarget(name: "price") { bytes throws(FuzzFailure) in
        let input = text(bytes)
        let price = PriceParser.parse(input)
        _ = price.raw
        for context in [PriceContext.priceField, .pageText] {
            if let reading = PriceParser.read(input, context: context) {
                try require(
                    reading.confidence >= 0 && reading.confidence <= 1, "confidence \(reading.confidence) of \(input)")
            }
        }
        _ = try? PriceParser.parseRange(input)
    }

    /// The date parser: a date it finds is `YYYY-MM-DD`, and reads back as itself.
    static let date = FuzzTarget(name: "date") { bytes throws(FuzzFailure) in
        let input = text(bytes)
        guard let date = try? DateParser.parse(input) else { return }
        let shape = date.utf8.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (0x30...0x39).contains(byte)
        }
        try require(date.utf8.count == 10 && shape, "\(input.debugDescription) gave \(date)")
        try require((try? DateParser.parse(date)) == date, "\(date) does not read back as itself")
    }

    /// `selectors.yml` (Yams, then validation): any text gives a configuration or an error that says where,
    /// and reading the `targets:` list item by item (``TargetListText``, which cuts the list out of the text
    /// by hand) gives the targets or the error that reading the whole document as one tree gives.
    static let selectors = FuzzTarget(name: "selectors") { bytes throws(FuzzFailure) in
        let yaml = text(bytes)
        let oneByOne = Result { () throws(ConfigurationError) in
            try Configuration.parse(yaml: yaml, file: "fuzz.yml", targetsOneByOne: true)
        }
        let whole = Result { () throws(ConfigurationError) in
            try Configuration.parse(yaml: yaml, file: "fuzz.yml", targetsOneByOne: false)
        }
        switch (oneByOne, whole) {
        case (.success(let read), .success(let reference)):
            try require(
                read.targets == reference.targets,
                "item by item read \(read.targets), the whole tree \(reference.targets) in \(yaml.debugDescription)")
        case (.failure(let error), .failure(let reference)):
            try require(!"\(error)".isEmpty, "an empty error for \(yaml.debugDescription)")
            try require(
                error == reference,
                "item by item failed with \(error), the whole tree with \(reference) in \(yaml.debugDescription)")
        default:
            throw FuzzFailure(
                "item by item gave \(oneByOne), the whole tree \(whole) in \(yaml.debugDescription)")
        }
    }

    /// The Slack escaper: no `<`, `>` or bare `&` from the input survives, unescaping gives the input back,
    /// and cutting into chunks never splits an entity or loses text.
    static let slack = FuzzTarget(name: "slack") { bytes throws(FuzzFailure) in
        let input = text(bytes)
        let escaped = SlackText.escape(input)
        // By scalar throughout: a prepended mark (U+0605) makes one Character of itself and the `<` or `&` after it.
        try require(
            !escaped.unicodeScalars.contains { $0 == "<" || $0 == ">" },
            "markup survived in \(escaped.debugDescription)")
        var restored = String.UnicodeScalarView()
        var rest = Substring(escaped).unicodeScalars
        while let ampersand = rest.firstIndex(of: "&") {
            restored.append(contentsOf: rest[..<ampersand])
            rest = rest[ampersand...]
            guard
                let entity = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")].first(where: {
                    rest.starts(with: $0.0.unicodeScalars)
                })
            else { throw FuzzFailure("a bare & in \(escaped.debugDescription)") }
            restored.append(contentsOf: entity.1.unicodeScalars)
            rest = rest.dropFirst(entity.0.unicodeScalars.count)
        }
        restored.append(contentsOf: rest)
        try require(String(restored) == input, "\(input.debugDescription) escaped to \(escaped.debugDescription)")
        let limit = 5 + Int(bytes.first ?? 0) % 64  // an entity is up to 5 characters
        let chunks = SlackText.chunks(of: escaped, limit: limit)
        try require(chunks.joined() == escaped, "chunks of \(escaped.debugDescription) lose text")
        for chunk in chunks {
            let tail = chunk.unicodeScalars.suffix(5)
            if let ampersand = tail.lastIndex(of: "&") {
                try require(tail[ampersand...].contains(";"), "an entity split at the end of \(chunk.debugDescription)")
            }
        }
    }
}
