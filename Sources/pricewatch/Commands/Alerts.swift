import PricewatchCore

/// Hands a finished report to the configured notifiers.
enum Alerts {
    static func deliver(_ report: Report, configuration: Configuration, store: SnapshotStore, dryRun: Bool, disabled: Bool)
        async throws
    {
        // Notifiers are wired in with the notify module (issue 5).
    }
}
