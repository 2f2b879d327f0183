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
    public func run(targets: TargetList? = nil) async throws -> Report {
        let targets = targets ?? configuration.targets
        let collected = CollectedResults(count: targets.count)
        let times = try await run(targets: targets, into: collected)
        return Report(startedAt: times.startedAt, finishedAt: times.finishedAt, targets: collected.inOrder)
    }

    /// Checks the given targets (all configured ones by default), handing each target's result to `sink` as
    /// soon as it is known, and returns when the run started and finished.
    ///
    /// Nothing per target outlives its handover: targets are prepared (their `http.json` read) only as the
    /// fetcher starts them, and results go straight to `sink`, so a run over 100,000 targets holds about as
    /// much as one over a hundred. A target the run could not finish (it was cancelled) is handed over as
    /// failed.
    /// - Throws: Only when the run cannot start at all (libcurl cannot be initialised, invalid limits).
    public func run(targets: TargetList? = nil, into sink: some CheckResultSink) async throws
        -> (startedAt: String, finishedAt: String)
    {
        let startedAt = Timestamp.now()
        let targets = targets ?? configuration.targets
        files?.preloadIndex()
        if options.recordsPendingAlerts && !options.dryRun {
            // Resolves what a killed run left before any save of this run (a failure is met again, and
            // reported, when the notifier reads the entries).
            _ = try? files?.pendingChanges()
        }
        let handedOver = HandedOver(count: targets.count, sink: sink)
        // Prepared targets whose page has not arrived, by id (a list: a caller may give an id twice).
        let inFlight = Mutex<[String: [PreparedTarget]]>([:])
        let fetcher = try Fetcher(options: options.fetch)
        // Browser targets (few) are prepared at once and render alongside the fetches, in tabs of one browser.
        let toRender = targets.indices.filter { configuration.renderSettings(for: targets[$0]).rendersInBrowser }
        async let rendered = renderAll(toRender.compactMap { prepare(targets[$0], at: $0, failuresTo: handedOver) })
        // Every other target is prepared when the fetcher is ready to start it.
        let requests = PreparedRequests(count: targets.count) { [self] position in
            let target = targets[position]
            guard !configuration.renderSettings(for: target).rendersInBrowser,
                let prepared = prepare(target, at: position, failuresTo: handedOver)
            else { return nil }
            inFlight.withLock { $0[target.id, default: []].append(prepared) }
            return prepared.request
        }
        let workers = options.extractionWorkers
        await withTaskGroup(of: (Int, Report.TargetResult).self) { group in
            var running = 0
            // Pages waiting for a worker hold memory and gain nothing: fetching is many times faster than
            // extracting, so one waiting page per worker keeps every worker busy.
            for await result in fetcher.fetchAll(requests, maxUnconsumed: workers) {
                // Dropped as it is handed over: the stored records of a thousand targets need not all stay
                // in memory until the run ends.
                guard let target = inFlight.withLock({ $0.removeFirst(for: result.request.id) }) else { continue }
                if running >= workers, let (position, finished) = await group.next() {
                    handedOver.add(finished, at: position)
                    running -= 1
                }
                group.addTask {
                    defer { options.onTargetFinished?() }
                    return (target.position, process(target, result.outcome))
                }
                running += 1
            }
            for await (position, finished) in group {
                handedOver.add(finished, at: position)
            }
        }
        for (position, result) in await rendered { handedOver.add(result, at: position) }
        for position in handedOver.missing() {
            let target = targets[position]
            let cancelled = Report.TargetResult(
                id: target.id, url: target.url, status: .failed,
                changes: [
                    .fetchFailed(target: target.id, message: "the run was cancelled before this target finished")
                ],
                error: "cancelled")
            handedOver.add(cancelled, at: position)
        }
        return (startedAt, Timestamp.now())
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
        /// Where the target is in the run's list, which is where its result goes.
        let position: Int
        /// The stored `http.json`, read once here and handed to the save.
        let storedValidators: CacheValidators?
        /// Whether the target's snapshot folder did not exist yet: nothing stored to read when its page arrives.
        let folderMissing: Bool
        let request: FetchRequest
    }

    /// Prepares a target, or hands its failure over and returns nil.
    private func prepare(_ target: Target, at position: Int, failuresTo handedOver: HandedOver) -> PreparedTarget? {
        switch prepare(target, position: position) {
        case .ready(let prepared): return prepared
        case .failed(let failure):
            handedOver.add(failure, at: position)
            return nil
        }
    }

    enum Preparation {
        case ready(PreparedTarget)
        case failed(Report.TargetResult)
    }

    /// Reads a target's rules and stored validators. A corrupt `http.json` fails the target without fetching;
    /// a corrupt `latest.json` fails it when its page arrives, before the page is parsed. Either way nothing
    /// overwrites the file.
    func prepare(_ target: Target, position: Int = 0) -> Preparation {
        do {
            // An unknown site fails here, before any fetch.
            if target.usesAutoExtraction {
                guard options.autoExtractor != nil else { throw AutoExtractionUnavailable() }
            } else {
                _ = try configuration.site(named: target.site)
            }
            let (storedValidators, folderMissing) =
                try files?.validatorsNotingNewFolder(for: target.id) ?? (store.cacheValidators(for: target.id), false)
            var request = try target.fetchRequest(defaultHeaders: configuration.fetch.headers)
            // Validators only count while the record they belong to is stored, and for the same URL.
            if let validators = storedValidators, validators.url == target.url,
                try files?.hasLatest(for: target.id) ?? store.hasLatest(for: target.id)
            {
                request.etag = validators.etag
                request.lastModified = validators.lastModified
            }
            return .ready(
                PreparedTarget(
                    target: target, position: position, storedValidators: storedValidators,
                    folderMissing: folderMissing, request: request)
            )
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
            if !prepared.folderMissing {
                stored = try files.map { try $0.latestSnapshot(for: target.id) } ?? latestSnapshot(of: target.id)
            }
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
                return try store.save(
                    record, contentHash: fingerprint.bytes, page: page, at: time, validators: validators,
                    pending: pending)
            }
            return try files.save(
                record, fingerprint: fingerprint, page: page, at: time, validators: validators,
                stored: SnapshotStore.StoredSnapshot(
                    latest: stored, validators: prepared.storedValidators, folderMissing: prepared.folderMissing),
                pending: pending)
        }
    }

    /// The store's latest record of a target as its content hash, decoded only when the store cannot vouch for
    /// the hash (see ``RecordStore/latestContent(for:)``).
    private func latestSnapshot(of id: String) throws -> LatestSnapshot? {
        guard let content = try store.latestContent(for: id) else { return nil }
        guard let fingerprint = SnapshotDigest(digest: content.contentHash) else {
            return try store.latest(for: id).map(LatestSnapshot.init)
        }
        return LatestSnapshot(fingerprint: fingerprint, record: content.record)
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

extension Dictionary where Value == [CheckRunner.PreparedTarget] {
    /// Takes the first target waiting under `id`, dropping the key with the last one.
    fileprivate mutating func removeFirst(for id: Key) -> CheckRunner.PreparedTarget? {
        guard var waiting = self[id], !waiting.isEmpty else { return nil }
        let first = waiting.removeFirst()
        self[id] = waiting.isEmpty ? nil : waiting
        return first
    }
}
