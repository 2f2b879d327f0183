import Foundation
import PricewatchCore

extension PostgresRecordStore {
    /// A claimed target seen unchanged: the version whose `last_seen` moves, and to when.
    struct Sighting {
        let version: Int
        let seen: Date
    }

    /// Sightings taken from the store, as the three array parameters of ``writeSightings(parameters:)``.
    struct NotedSightings {
        var ids: [String] = []
        var versions: [String] = []
        var seen: [String] = []

        var isEmpty: Bool { ids.isEmpty }

        /// Ids, versions and times, each as one text array.
        var parameters: [PostgresValue?] {
            get throws { [try .textArray(ids), try .textArray(versions), try .textArray(seen)] }
        }
    }

    /// Notes that a claimed target was seen unchanged, instead of a round trip for it now: its `last_seen`
    /// moves in the statement that finishes its batch (``PostgresTargetClaims/finish(_:)``), in the same
    /// transaction that marks it checked. A runner killed before that commit has moved nothing and checked
    /// nothing, so the next runner checks the target again and notes the sighting itself.
    ///
    /// Only for a target whose newest version was read ahead with its batch, when the page's `contentHash`
    /// equals that version's (nil: a `304 Not Modified`, unchanged by definition) and the validators are the
    /// stored ones (`validators` nil: unchanged); anything else is saved at once.
    /// - Returns: The version seen, or nil when the target must be saved now.
    /// - Throws: When the stored record cannot vouch for its hash and does not decode.
    func noteSighting(_ id: String, contentHash: [UInt8]?, validators: CacheValidators??, at time: Date) throws
        -> Int?
    {
        guard let ahead = readAhead(for: id), let stored = ahead.newest else { return nil }
        let newest = try newestVersion(id, stored)
        if let contentHash, newest.contentHash != contentHash { return nil }
        if let validators, validators != ahead.validators { return nil }
        readAheads.withLock { $0[id] = nil }
        sightings.withLock { noted in
            let seen = max(time, noted[id].map(\.seen) ?? time)
            noted[id] = Sighting(version: newest.version, seen: seen)
        }
        return newest.version
    }

    /// Takes the sightings noted for `ids` (every one noted, for nil) out of the store, to write them.
    func takeSightings(_ ids: [String]?) -> NotedSightings {
        let taken: [(String, Sighting)] = sightings.withLock { noted in
            guard let ids else {
                defer { noted = [:] }
                return Array(noted)
            }
            return ids.compactMap { id in noted.removeValue(forKey: id).map { (id, $0) } }
        }
        var result = NotedSightings()
        for (id, sighting) in taken.sorted(by: { $0.0 < $1.0 }) {
            result.ids.append(id)
            result.versions.append(String(sighting.version))
            result.seen.append(Timestamp.string(from: sighting.seen))
        }
        return result
    }

    /// Moves `last_seen` of each sighting's version while it is still its target's newest, from three array
    /// parameters starting at `$first` (ids, versions, times); `joining` names a relation with an `id` column
    /// that limits the targets (the batch's targets still leased by this runner).
    static func writeSightings(parameters first: Int, joining relation: String? = nil) -> String {
        """
        UPDATE pricewatch.record_versions v SET last_seen = greatest(v.last_seen, s.seen::timestamptz)
        FROM unnest($\(first)::text[], $\(first + 1)::text[], $\(first + 2)::text[]) AS s (id, version, seen)
        \(relation.map { "JOIN \($0) USING (id)" } ?? "")
        WHERE v.target_id = s.id AND v.version = s.version::integer
            AND NOT EXISTS (
                SELECT 1 FROM pricewatch.record_versions n WHERE n.target_id = s.id AND n.version > v.version)
        """
    }
}
