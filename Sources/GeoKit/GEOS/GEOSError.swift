/// A GEOS call failed; `message` is what GEOS reported through the context's error handler.
public struct GEOSError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var message: String

    public init(operation: String, message: String) {
        self.operation = operation
        self.message = message
    }

    public var description: String { "GEOS \(operation) failed: \(message)" }
}
