extension Record {
    /// The SHA-256 of everything the record says except when it was fetched: equal fingerprints mean
    /// ``hasSameContent(as:)``, so a run can tell an unchanged page without decoding the stored record.
    ///
    /// Hashes the record's canonical content bytes (``ContentEncoder``), derived from the same `Encodable`
    /// conformance as its JSON: a field added to the model is in its fingerprint too. Amounts are written as
    /// they are stored (``Amount/description``), so a record and the record read back from its file have the
    /// same fingerprint. The bytes must not change between versions: `.index.json` keeps fingerprints, and a
    /// test pins one.
    var contentFingerprint: SnapshotDigest {
        SnapshotDigest(of: ContentEncoder.bytes(of: self, excluding: Self.fieldsOutsideContent))
    }

    /// The stored fields (coding keys) that are not content, and so not in ``contentFingerprint``.
    static let fieldsOutsideContent: Set<String> = [CodingKeys.fetchedAt.stringValue]
}

extension ExtraValue: ContentTagged {
    /// A text and a list of one text must not write the same bytes.
    var contentTag: Int {
        switch self {
        case .text: 0
        case .list: 1
        case .price: 2
        }
    }
}
