import Foundation
import PricewatchFuzzTargets

/// Runs a fuzz target under libFuzzer when the build links it (`make fuzz` builds with
/// `-sanitize=fuzzer,address`), and otherwise runs the given inputs once each: that is how a finding is
/// reproduced in a normal build.
///
///     pricewatch-fuzz --list                       the targets, one a line
///     pricewatch-fuzz --seeds TARGET               its seed folders, one a line
///     pricewatch-fuzz TARGET [libFuzzer options and corpus folders...]
@main struct FuzzDriver {
    static func main() {
        let arguments = CommandLine.arguments
        switch arguments.dropFirst().first {
        case "--list":
            for target in FuzzTargets.all { print(target.name) }
        case "--seeds":
            guard arguments.count == 3, let target = FuzzTargets.named(arguments[2]) else { usage() }
            for folder in target.seeds { print(folder) }
        case let name?:
            guard let target = FuzzTargets.named(name) else { usage() }
            current = target
            exit(run(target, arguments: [arguments[0]] + arguments.dropFirst(2)))
        case nil:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data("usage: pricewatch-fuzz --list | --seeds TARGET | TARGET [libFuzzer arguments...]\n".utf8))
        exit(64)
    }

    /// The target libFuzzer's callback runs; set once, before libFuzzer starts.
    nonisolated(unsafe) static var current: FuzzTarget?

    typealias RunDriver =
        @convention(c) (
            UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
            @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
        ) -> Int32

    static func run(_ target: FuzzTarget, arguments: [String]) -> Int32 {
        guard let symbol = dlsym(nil, "LLVMFuzzerRunDriver")  // RTLD_DEFAULT: linked in by -sanitize=fuzzer
        else { return replay(target, paths: arguments.dropFirst().filter { !$0.hasPrefix("-") }) }
        let runDriver = unsafeBitCast(symbol, to: RunDriver.self)
        var argc = Int32(arguments.count)
        var cArguments = arguments.map { strdup($0) } + [nil]
        return cArguments.withUnsafeMutableBufferPointer { buffer in
            var argv = buffer.baseAddress
            return runDriver(&argc, &argv, fuzzOneInput)
        }
    }

    /// Runs every file named, and every file in every folder named, once.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Int32 {
        var failures: Int32 = 0
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            let files =
                isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                do {
                    try target.run(Array(data))
                } catch {
                    print("\(file): \(error)")
                    failures += 1
                }
            }
        }
        return failures == 0 ? 0 : 1
    }
}

/// libFuzzer's entry point, which its runtime references when `-sanitize=fuzzer` links it in: the input goes
/// to the target `main` chose. A broken invariant aborts, so libFuzzer saves the input as it does a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do {
        try FuzzDriver.current?.run(input)
    } catch {
        FileHandle.standardError.write(Data("pricewatch-fuzz: \(error)\n".utf8))
        abort()
    }
    return 0
}
