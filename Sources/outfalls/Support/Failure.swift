import ArgumentParser
import Foundation

/// An error to show the user: the message goes to stderr, the process exits non-zero.
/// Exit codes: 1 input refused, 2 database problem, 3 a check that could not be completed,
/// 4 the output could not be written (64 is ArgumentParser's usage error).
enum Failure: Error, CustomStringConvertible {
    case input(String)
    case database(String)
    /// A siting check or township lookup failed on the stored layers: no verdict is given, so
    /// a script never mistakes it for "clear".
    case notEvaluated(String)
    /// Standard output could not be written (a full disk, a closed pipe): what was written is
    /// incomplete, so the command must not end as a success.
    case output(String)

    var description: String {
        switch self {
        case .input(let message), .database(let message), .notEvaluated(let message), .output(let message): message
        }
    }

    var exitCode: Int32 {
        switch self {
        case .input: 1
        case .database: 2
        case .notEvaluated: 3
        case .output: 4
        }
    }
}

extension ParsableCommand {
    /// Runs `body`, turning a ``Failure`` into "错误：…" on stderr and its exit code.
    func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let failure as Failure {
            Console.error("错误 error: \(failure)")
            throw ExitCode(failure.exitCode)
        }
    }
}

enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func print(_ message: String) {
        Swift.print(message)
    }

    /// Writes `text` to standard output as it is, without a newline: long listings go out in
    /// pieces rather than as one string.
    static func write(_ text: String) {
        Swift.print(text, terminator: "")
    }
}

extension Console {
    /// Writes UTF-8 bytes straight to standard output, unbuffered: a listing written this way
    /// must not also use ``print(_:)``, whose buffer would reorder the pieces.
    /// Written with write(2) from the array itself: copying each megabyte into a `Data`
    /// first was a tenth of a large listing.
    static func write(bytes: [UInt8]) throws(Failure) {
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(STDOUT_FILENO, base + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure {
            throw .output("无法写出结果 (cannot write to standard output): \(String(cString: strerror(failure)))")
        }
    }
}
