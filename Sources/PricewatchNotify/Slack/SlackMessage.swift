/// One Slack incoming-webhook message: Block Kit blocks plus the `text` shown in notifications and by
/// clients that cannot render blocks.
public struct SlackMessage: Sendable, Hashable, Encodable {
    /// The notification and fallback text (Slack `mrkdwn`, page text escaped).
    public var text: String
    /// The Block Kit blocks.
    public var blocks: [SlackBlock]

    /// A message with the given fallback text and blocks.
    public init(text: String, blocks: [SlackBlock]) {
        self.text = text
        self.blocks = blocks
    }
}

/// A Block Kit block; pricewatch uses `section` blocks with `mrkdwn` text and `divider`s.
public struct SlackBlock: Sendable, Hashable, Encodable {
    /// The text object of a section.
    public struct Text: Sendable, Hashable, Encodable {
        /// Always `mrkdwn`.
        public var type = "mrkdwn"
        /// The formatted text, at most ``SlackLimits/sectionCharacters`` long.
        public var text: String
    }

    /// `section` or `divider`.
    public var type: String
    /// The section's text; nil for a divider.
    public var text: Text?

    /// A section showing `mrkdwn` text.
    public static func section(_ text: String) -> SlackBlock { SlackBlock(type: "section", text: Text(text: text)) }
    /// A horizontal rule between groups.
    public static let divider = SlackBlock(type: "divider", text: nil)
}

/// The Slack limits a message is kept within; a report that needs more is split across messages.
public struct SlackLimits: Sendable, Hashable {
    /// Blocks per message (Slack's maximum is 50).
    public var blocks: Int
    /// Characters per section text (Slack's maximum is 3,000).
    public var sectionCharacters: Int
    /// Characters of block text per message, which also bounds the fallback `text` (Slack truncates
    /// `text` after 40,000).
    public var messageCharacters: Int

    /// Slack's published limits, with room for the summary line in the fallback text.
    public static let slack = SlackLimits(blocks: 50, sectionCharacters: 3000, messageCharacters: 30_000)

    /// Custom limits (tests use small ones to exercise splitting).
    public init(blocks: Int, sectionCharacters: Int, messageCharacters: Int) {
        self.blocks = max(blocks, 3)
        self.sectionCharacters = max(sectionCharacters, 40)
        self.messageCharacters = max(messageCharacters, self.sectionCharacters)
    }
}
