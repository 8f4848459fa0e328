/// A GDAL call failed; `message` is GDAL's own last error text.
public struct GDALError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var message: String

    public var description: String { "\(operation): \(message)" }
}
