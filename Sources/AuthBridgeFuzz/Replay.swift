#if !FUZZING
import Foundation

/// Without libFuzzer (a normal `swift build`), the target replays inputs: every file named on the command line,
/// or every file in the directories named, goes through the same checks. CI uses this to replay the corpus.
@main
struct Replay {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            let url = URL(fileURLWithPath: argument)
            let files = (try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [url]
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
