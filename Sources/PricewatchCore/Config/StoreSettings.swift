/// The `store:` section of `selectors.yml`: where records are kept when no `--store` or `PRICEWATCH_STORE` says.
///
/// A database location holds a password, so the file only names the environment variable that holds it:
/// `store: {url_env: PRICEWATCH_DATABASE_URL}`. Without the section, records stay in the snapshot folder.
public struct StoreSettings: Sendable, Hashable {
    /// The environment variable holding the store's location (a `postgres://` URL or libpq `key=value`
    /// string, or a folder path).
    public var urlVariable: String

    /// Settings reading the location from `urlVariable`.
    public init(urlVariable: String) {
        self.urlVariable = urlVariable
    }

    /// Reads the `store:` mapping.
    ///
    /// - Throws: ``ConfigurationError`` naming the line and key of an unknown key or a bad variable name.
    static func parse(_ reader: YAMLReader) throws(ConfigurationError) -> StoreSettings {
        let entries = try reader.mapping(allowed: ["url_env"])
        guard let variable = reader.optional("url_env", in: entries) else {
            throw reader.error(
                "store needs url_env, the environment variable holding the database URL: "
                    + "store: {url_env: PRICEWATCH_DATABASE_URL}")
        }
        return StoreSettings(urlVariable: try variable.environmentVariableName())
    }
}
