#if !FUZZING
import Foundation

/// Without libFuzzer (a normal `swift build`), the target replays inputs: every file named on the command line,
/// or every file in the directories named, goes through the same checks. CI replays the seed corpus this way
/// (`scripts/fuzz.sh --replay`).
@main
struct Replay {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            let url = URL(fileURLWithPath: argument)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                print("no such file: \(argument)")
                exit(2)
            }
            var files = [url]
            if isDirectory.boolValue {
                do {
                    files = try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
                        .sorted { $0.path < $1.path }
                } catch {
                    print("cannot list \(argument): \(error)")
                    exit(2)
                }
            }
            for file in files {
                guard let data = try? Data(contentsOf: file) else { continue }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer { fuzz($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
                count += 1
            }
        }
        print("replayed \(count) inputs without a finding")
    }
}
#endif
