import Foundation
import PricewatchCore
import Synchronization

/// `check`'s report written as targets finish: each target's part of the document goes to an unlinked
/// temporary file the moment its result arrives, and ``write(startedAt:finishedAt:to:)`` prints the whole
/// document in configuration order, byte for byte what rendering the full ``Report`` gives.
///
/// A report of 100,000 targets held in memory, and rendered at the end, took more memory than the rest of the
/// run; here a target costs 16 bytes until the end. The JSON document's `finished_at` comes first (its keys
/// are sorted), so nothing can reach standard output before the run ends: the file holds the parts until
/// then. Only what the command needs after the run stays in memory: the number of targets with each status,
/// the failed results (for `failures.json` and the failure alerts) and, when asked, the changed ones.
public final class ReportSpool: CheckResultSink {
    /// The document to write.
    public enum Format: Sendable {
        /// `pricewatch.report/1`.
        case json
        /// The terminal report; `verbose` lists unchanged targets too.
        case text(colour: Bool, verbose: Bool)
        /// The Markdown report.
        case markdown
    }

    private struct State {
        var counts: [Report.Status: Int] = [:]
        var kept: [(position: Int, result: Report.TargetResult)] = []
        /// Where each target's part is in `file`: offset and length; length 0 for a target with no part.
        var parts: [(offset: Int, length: Int)]
        var fileLength = 0
        /// Parts the file could not take (it could not be created, or a write failed), by position.
        var inMemory: [Int: [UInt8]] = [:]
        /// The first part that could not be rendered; the report cannot be written without it.
        var failure: (any Error)?
    }

    private let format: Format
    private let keepsChanged: Bool
    private let file: SpoolFile?
    private let state: Mutex<State>

    /// Creates a spool for a run over `count` targets.
    ///
    /// - Parameters:
    ///   - format: The document to write.
    ///   - count: How many targets the run checks; positions run from 0 to `count - 1`.
    ///   - keepsChanged: Whether ``kept`` holds the changed targets too (a dry run prints their alerts).
    public init(format: Format, count: Int, keepsChanged: Bool = false) {
        self.format = format
        self.keepsChanged = keepsChanged
        // Without a temporary folder the parts stay in memory: the report is still whole.
        file = SpoolFile()
        state = Mutex(State(parts: Array(repeating: (0, 0), count: count)))
    }

    public func receive(_ result: Report.TargetResult, position: Int) {
        let part: [UInt8]
        do {
            part = try ReportPart.render(result, format: format)
        } catch {
            state.withLock { $0.failure = $0.failure ?? error }
            return
        }
        state.withLock { state in
            state.counts[result.status, default: 0] += 1
            if result.status == .failed || (keepsChanged && result.status == .changed) {
                state.kept.append((position, result))
            }
            guard !part.isEmpty else { return }
            if let file, file.write(part, at: state.fileLength) {
                state.parts[position] = (state.fileLength, part.count)
                state.fileLength += part.count
            } else {
                state.inMemory[position] = part
            }
        }
    }

    /// How many targets ended with each status.
    public var counts: [Report.Status: Int] { state.withLock { $0.counts } }

    /// The failed targets' results (and the changed ones', with `keepsChanged`), in configuration order.
    public var kept: [Report.TargetResult] {
        state.withLock { $0.kept }.sorted { $0.position < $1.position }.map(\.result)
    }

    /// Writes the whole document, in pieces of up to 64 KB, in configuration order.
    ///
    /// - Throws: When a target's part could not be rendered, or the temporary file could not be read back.
    public func write(startedAt: String, finishedAt: String, to output: ([UInt8]) -> Void) throws {
        let state = state.withLock { $0 }
        if let failure = state.failure { throw failure }
        let present = state.parts.indices.filter { state.parts[$0].length > 0 || state.inMemory[$0] != nil }
        let (opening, separator, closing) = try ReportPart.frame(
            format, counts: state.counts, startedAt: startedAt, finishedAt: finishedAt, empty: present.isEmpty)
        var buffer = opening
        for (index, position) in present.enumerated() {
            if index > 0 { buffer += separator }
            if let part = state.inMemory[position] {
                buffer += part
            } else if let file {
                let (offset, length) = state.parts[position]
                buffer += try file.read(length, at: offset)
            }
            if buffer.count >= 64 * 1024 {
                output(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        output(buffer + closing)
    }
}

/// An unlinked temporary file: gone when the process ends, whatever way it ends.
private final class SpoolFile: Sendable {
    private let descriptor: Int32

    init?() {
        let folder = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/pricewatch-report.XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at `offset`; false when the file cannot take them (a full disk).
    func write(_ bytes: [UInt8], at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let written = bytes.withUnsafeBytes {
                pwrite(descriptor, $0.baseAddress! + done, $0.count - done, off_t(offset + done))
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            done += written
        }
        return true
    }

    func read(_ length: Int, at offset: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        while done < length {
            let count = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, length - done, off_t(offset + done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ReportSpoolError(errno: count < 0 ? errno : EIO) }
            done += count
        }
        return bytes
    }
}

/// The spool's temporary file could not be read back.
struct ReportSpoolError: Error, CustomStringConvertible {
    let errno: Int32
    var description: String {
        "could not read the report back from its temporary file (\(String(cString: strerror(errno)))); "
            + "check that TMPDIR (or /tmp) is readable and not full, then run check again"
    }
}
