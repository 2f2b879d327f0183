import PricewatchCore

extension Notifier {
    /// Turns the pending changes `queue` holds (those no other runner holds), with the run's failures, into
    /// alerts in `queue`, then sends every queued alert this runner can claim; what fails stays queued for the
    /// next run.
    ///
    /// A change is alerted only once it is stored, and only once: `queue` removes its pending entry in the same
    /// step that queues the alerts reporting it. An alert leaves the queue only after a 2xx answer; one whose
    /// runner was killed between the answer and the mark is sent again, with the same `X-Pricewatch-Delivery`
    /// id.
    /// - Parameters:
    ///   - report: The run's report; only its failures are alerted from it (changes come from the queue, so
    ///     changes that could not be stored are never alerted). An empty report for `pricewatch notify`.
    ///   - queue: The snapshot folder's outbox (``FolderAlertQueue``) or a queue shared by runners, such as
    ///     the PostgreSQL store's.
    ///   - stopping: See ``sendQueued(from:stopping:)``.
    public func deliver(
        _ report: Report, through queue: any AlertQueue, stopping: @Sendable () -> Bool = { false }
    ) async -> Summary {
        var queueingErrors: [NotifyError] = []
        let failures = report.targets.compactMap(Self.failure(of:))
        do {
            try queue.queuePending { pending in
                try alerts(
                    for: Report(
                        startedAt: report.startedAt, finishedAt: report.finishedAt,
                        targets: pending.map(\.targetResult) + failures))
            }
        } catch {
            queueingErrors.append(
                error as? NotifyError ?? NotifyError("cannot queue alerts in \(queue.location): \(error)"))
        }
        var summary = await sendQueued(from: queue, stopping: stopping)
        summary.errors = queueingErrors + summary.errors
        return summary
    }

    /// Sends every alert `queue` lets this runner claim, oldest first, marking each one a webhook accepted
    /// (2xx) as delivered and giving back the others.
    ///
    /// - Parameter stopping: asked before each alert; once it says true (the run was interrupted), the rest
    ///   are given back and stay queued. A request under way is finished, so that its alert is marked if it
    ///   was delivered.
    public func sendQueued(from queue: any AlertQueue, stopping: @Sendable () -> Bool = { false }) async -> Summary {
        var summary = Summary()
        let claimed: [QueuedAlert]
        do {
            claimed = try queue.claim()
        } catch {
            summary.errors.append(
                error as? NotifyError ?? NotifyError("cannot read the alerts queued in \(queue.location): \(error)"))
            return summary
        }
        for (index, entry) in claimed.enumerated() {
            if stopping() {
                for rest in claimed[index...] { try? queue.release(rest) }
                summary.queued += claimed.count - index
                break
            }
            do {
                try await post(entry.alert, deliveryID: entry.delivery)
            } catch {
                try? queue.release(entry)
                summary.queued += 1
                summary.errors.append(
                    NotifyError("\(error.message); the alert is kept in \(queue.location) and sent on the next run"))
                continue
            }
            do {
                try queue.delivered(entry)
                summary.delivered += 1
            } catch {
                summary.errors.append(
                    error as? NotifyError
                        ?? NotifyError(
                            "delivered an alert but cannot mark it in \(queue.location) (\(error)); it is sent again"))
            }
        }
        return summary
    }
}
