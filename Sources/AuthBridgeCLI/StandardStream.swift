import Foundation

/// Standard output or standard error as a `TextOutputStream`.
struct StandardStream: TextOutputStream {
    private let handle: FileHandle

    static var output: StandardStream { StandardStream(handle: .standardOutput) }
    static var error: StandardStream { StandardStream(handle: .standardError) }

    mutating func write(_ string: String) {
        handle.write(Data(string.utf8))
    }
}
