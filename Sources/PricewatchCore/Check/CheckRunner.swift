import Foundation
import PricewatchFetch
import Synchronization

/// Runs the main job: fetch every target, extract its record, compare with the stored snapshot, store what
/// changed, and report.
///
/// Pages are fetched concurrently (the fetcher's limits) and extracted on all cores as they arrive, so
/// parsing overlaps the network. One failing target never stops the others.
public struct CheckRunner: Sendable {
    /// What a run may do.
    public struct Options: Sendable {
        /// Fetch limits.
        public var fetch: FetchOptions
        /// Fetch, extract and compare, but store nothing.
        public var dryRun: Bool
        /// Pages extracted at once; defaults to the number of cores.
        public var extractionWorkers: Int
        /// Called once per finished target, for progress displays.
        public var onTargetFinished: (@Sendable () -> Void)?
        /// Reads the pages of `auto` targets, which have no rules; such targets fail without one.
        public var autoExtractor: (any RecordExtracting)?
        /// Whether each changed target's changes are committed with its snapshot as pending alerts (see
        /// ``SnapshotStore/pendingChanges()``), for the notifier to send; off when alerts are off.
        public var recordsPendingAlerts: Bool
        /// Renders `render: browser` targets; without one they fail, naming the fix. The run shuts it down
        /// at its end.
        public var renderer: (any PageRendering)?

        /// Creates options.
        public init(
            fetch: FetchOptions = FetchOptions(), dryRun: Bool = false,
            extractionWorkers: Int = ProcessInfo.processInfo.activeProcessorCount,
            onTargetFinished: (@Sendable () -> Void)? = nil, autoExtractor: (any RecordExtracting)? = nil,
            recordsPendingAlerts: Bool = false, renderer: (any PageRendering)? = nil
        ) {
            self.fetch = fetch
            self.recordsPendingAlerts = recordsPendingAlerts
            self.dryRun = dryRun
            self.extractionWorkers = max(1, extractionWorkers)
            self.onTargetFinished = onTargetFinished
            self.autoExtractor = autoExtractor
            self.renderer = renderer
        }
    }

    /// The configuration whose sites and targets are used.
    public let configuration: Configuration
    /// Where snapshots are read and written: a snapshot folder or a shared store such as PostgreSQL.
    public let store: any RecordStore
    /// The store when it is a snapshot folder, whose index lets an unchanged target skip decoding anything.
    var files: SnapshotStore? { store as? SnapshotStore }
    /// Run settings.
    public let options: Options
    private let extractors = ExtractorPool()

    /// Creates a runner.
    public init(configuration: Configuration, store: any RecordStore, options: Options) {
        self.configuration = configuration
        self.store = store
        self.options = options
    }

    /// Checks the given targets (all configured ones by default) and returns the report.
    ///
    /// - Throws: Only when the run cannot start at all (libcurl cannot be initialised, invalid limits); each
    ///   target's own failures are in the report.
    public func run(targets: [Target]? = nil) async throws -> Report {
        let startedAt = Timestamp.now()
        let targets = targets ?? configuration.targets
        files?.preloadIndex()
        if options.recordsPendingAlerts && !options.dryRun {
            // Resolves what a killed run left before any save of this run (a failure is met again, and
            // reported, when the notifier reads the entries).
            _ = try? files?.pendingChanges()
        }
        var results: [String: Report.TargetResult] = [:]
        var requests: [FetchRequest] = []
        var prepared: [String: PreparedTarget] = [:]
        var toRender: [PreparedTarget] = []
        for (target, preparation) in zip(targets, prepareAll(targets)) {
            switch preparation {
            case .ready(let preparedTarget) where configuration.renderSettings(for: target).rendersInBrowser:
                toRender.append(preparedTarget)
            case .ready(let preparedTarget):
                prepared[target.id] = preparedTarget
                requests.append(preparedTarget.request)
            case .failed(let failure):
                results[target.id] = failure
            }
        }
        let fetcher = try Fetcher(options: options.fetch)
        // Browser targets render alongside the fetches, in tabs of one browser.
        async let rendered = renderAll(toRender)
        let workers = options.extractionWorkers
        await withTaskGroup(of: Report.TargetResult.self) { group in
            var running = 0
            // Pages waiting for a worker hold memory and gain nothing: fetching is many times faster than
            // extracting, so one waiting page per worker keeps every worker busy.
            for await result in fetcher.fetchAll(requests, maxUnconsumed: workers) {
                // Dropped as it is handed over: the stored records of a thousand targets need not all stay
                // in memory until the run ends.
                guard let target = prepared.removeValue(forKey: result.request.id) else { continue }
                if running >= workers, let finished = await group.next() {
                    results[finished.id] = finished
                    running -= 1
                }
                group.addTask {
                    defer { options.onTargetFinished?() }
                    return process(target, result.outcome)
                }
                running += 1
            }
            for await finished in group {
                results[finished.id] = finished
            }
        }
        for result in await rendered { results[result.id] = result }
        let ordered = targets.map { target in
            results[target.id]
                ?? Report.TargetResult(
                    id: target.id, url: target.url, status: .failed,
                    changes: [
                        .fetchFailed(target: target.id, message: "the run was cancelled before this target finished")
                    ],
                    error: "cancelled")
        }
        return Report(startedAt: startedAt, finishedAt: Timestamp.now(), targets: ordered)
    }

    /// A target ready to fetch: its rules and the conditional-request validators.
    ///
    /// The stored record is read only when the page arrives, by the worker that compares it (and decoded only
    /// when `.index.json` cannot vouch for it): decoding a thousand of them before the first fetch held up
    /// the run and kept them all in memory at once.
    struct PreparedTarget: Sendable {
        /// The target; its rules are looked up by site name when the page arrives, since a thousand copies of
        /// the rules held until then cost more memory than the lookups cost time.
        let target: Target
        /// The stored `http.json`, read once here and handed to the save.
        let storedValidators: CacheValidators?
        let request: FetchRequest
    }

    enum Preparation {
        case ready(PreparedTarget)
        case failed(Report.TargetResult)
    }

    /// Prepares every target, spread over the extraction workers: reading a thousand `http.json` files one
    /// after another held up the first fetch.
    func prepareAll(_ targets: [Target]) -> [Preparation] {
        let lanes = min(options.extractionWorkers, max(1, targets.count))
        // Lane `l` prepares targets l, l + lanes, l + 2 * lanes, ...
        let results = Mutex([[Preparation]](repeating: [], count: lanes))
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let mine = stride(from: lane, to: targets.count, by: lanes).map { prepare(targets[$0]) }
            results.withLock { $0[lane] = mine }
        }
        let byLane = results.withLock { $0 }
        return targets.indices.map { byLane[$0 % lanes][$0 / lanes] }
    }

    /// Reads a target's rules and stored validators. A corrupt `http.json` fails the target without fetching;
    /// a corrupt `latest.json` fails it when its page arrives, before the page is parsed. Either way nothing
    /// overwrites the file.
    func prepare(_ target: Target) -> Preparation {
        do {
            // An unknown site fails here, before any fetch.
            if target.usesAutoExtraction {
                guard options.autoExtractor != nil else { throw AutoExtractionUnavailable() }
            } else {
                _ = try configuration.site(named: target.site)
            }
            let storedValidators = try store.cacheValidators(for: target.id)
            var request = try target.fetchRequest(defaultHeaders: configuration.fetch.headers)
            // Validators only count while the record they belong to is stored, and for the same URL.
            if let validators = storedValidators, validators.url == target.url,
                try files?.hasLatest(for: target.id) ?? store.hasLatest(for: target.id)
            {
                request.etag = validators.etag
                request.lastModified = validators.lastModified
            }
            return .ready(
                PreparedTarget(target: target, storedValidators: storedValidators, request: request))
        } catch {
            return .failed(failed(target, vendor: nil, error: "\(error)", change: nil))
        }
    }

    /// Handles one fetch outcome: a failure, a `304 Not Modified`, or a page to evaluate.
    private func process(_ prepared: PreparedTarget, _ outcome: Result<FetchResponse, FetchError>)
        -> Report.TargetResult
    {
        let target = prepared.target
        switch outcome {
        case .failure(let error):
            return failed(
                target, vendor: (try? store.latest(for: target.id))?.vendor, error: "\(error)",
                change: .fetchFailed(target: target.id, message: "\(error)"))
        case .success(let response) where response.isNotModified:
            let seenAt = Date()
            return store(target, vendor: (try? store.latest(for: target.id))?.vendor, status: .unchanged) {
                try store.markSeen(target.id, at: seenAt)
            }
        case .success(let response):
            let validators = CacheValidators(
                url: target.url, etag: response.etag, lastModified: response.lastModified, charset: response.charset)
            return evaluate(
                prepared, page: response.body, charset: response.charset, validators: validators, at: Date(),
                recordsPendingAlert: options.recordsPendingAlerts)
        }
    }

    /// Extracts a record from a page, compares it with the stored one and stores it unless it looks broken.
    ///
    /// The stored record is decoded only when it is needed: when `.index.json` vouches for `latest.json`'s
    /// bytes and the new record has the same ``Record/contentFingerprint``, the page is unchanged without
    /// decoding anything. A corrupt `latest.json` never matches its digest, so it still fails the target
    /// before the page is parsed.
    ///
    /// With `recordsPendingAlert`, a change is saved together with its pending alert.
    func evaluate(
        _ prepared: PreparedTarget, page: [UInt8], charset: String?, validators: CacheValidators?, at time: Date,
        recordsPendingAlert: Bool = false
    )
        -> Report.TargetResult
    {
        let target = prepared.target
        var stored: LatestSnapshot?
        do {
            stored =
                try files.map { try $0.latestSnapshot(for: target.id) }
                ?? store.latest(for: target.id).map(LatestSnapshot.init)
        } catch {
            return failed(target, vendor: nil, error: "\(error)", change: nil)
        }
        let record: Record
        let warnings: [String]
        do {
            let fetchedAt = Timestamp.string(from: time)
            if target.usesAutoExtraction, let auto = options.autoExtractor {
                record = try auto.extract(
                    page: page, charset: charset, target: target.id, url: target.url, fetchedAt: fetchedAt)
                warnings = []
            } else {
                let extraction = try extractors.withExtractor(for: configuration.site(named: target.site)) {
                    extractor in
                    try extractor.extraction(
                        page: page, charset: charset, target: target.id, url: target.url, fetchedAt: fetchedAt)
                }
                (record, warnings) = (extraction.record, extraction.warnings)
            }
        } catch {
            let message = "\(error). The stored snapshot was kept."
            let vendor = stored.flatMap { $0.record ?? (try? store.latest(for: target.id)) }?.vendor
            return failed(
                target, vendor: vendor, error: "\(error)",
                change: .extractionFailed(target: target.id, message: message))
        }
        let fingerprint = record.contentFingerprint
        let status: Report.Status
        var changes: [Change] = []
        if let stored, stored.fingerprint == fingerprint {
            // The same content: Differ.compare would find no change, and it cannot call it broken either,
            // since a record is broken only when it has no plans while the stored one has some.
            status = .unchanged
        } else {
            let previous: Record?
            do {
                previous = try stored.flatMap { try $0.record ?? store.latest(for: target.id) }
            } catch {
                return failed(target, vendor: nil, error: "\(error)", change: nil)
            }
            stored?.record = previous
            let differ = Differ(
                options: DiffOptions(
                    minChangePercent: target.minChangePercent, ignoredFields: Set(target.ignoredFields)))
            switch differ.compare(old: previous, new: record) {
            case .broken(let change):
                return failed(
                    target, vendor: previous?.vendor, error: change.message ?? "extraction failed", change: change)
            case .baseline: status = .new
            case .unchanged: status = .unchanged
            case .changed(let found):
                status = .changed
                changes = found
            }
        }
        let pending =
            recordsPendingAlert && !changes.isEmpty
            ? PendingChanges(
                target: target.id, url: target.url, vendor: record.vendor, recordedAt: Timestamp.string(from: time),
                changes: changes, content: fingerprint) : nil
        return store(target, vendor: record.vendor, status: status, changes: changes, warnings: warnings) {
            [stored] in
            guard let files else {
                return try store.save(record, page: page, at: time, validators: validators, pending: pending)
            }
            return try files.save(
                record, fingerprint: fingerprint, page: page, at: time, validators: validators,
                stored: SnapshotStore.StoredSnapshot(latest: stored, validators: prepared.storedValidators),
                pending: pending)
        }
    }

    /// Runs a snapshot write (unless this is a dry run) and turns its failure into a failed target.
    private func store(
        _ target: Target, vendor: String?, status: Report.Status, changes: [Change] = [], warnings: [String] = [],
        write: () throws -> some Any
    ) -> Report.TargetResult {
        if !options.dryRun {
            do {
                _ = try write()
            } catch {
                return failed(
                    target, vendor: vendor, error: "could not store the snapshot: \(error)", change: nil,
                    changes: changes)
            }
        }
        return Report.TargetResult(
            id: target.id, url: target.url, vendor: vendor, status: status, changes: changes, warnings: warnings)
    }

    func failed(_ target: Target, vendor: String?, error: String, change: Change?, changes: [Change] = [])
        -> Report.TargetResult
    {
        Report.TargetResult(
            id: target.id, url: target.url, vendor: vendor, status: .failed,
            changes: changes + (change.map { [$0] } ?? []),
            error: error)
    }
}

/// An `auto` target given to a runner without a zero-config reader (a library user's own runner).
struct AutoExtractionUnavailable: Error, CustomStringConvertible {
    var description: String {
        "this target reads its page without rules (site: auto), but no zero-config reader was given to the run;"
            + " pass CheckRunner.Options(autoExtractor:) or give the target a site with rules"
    }
}
