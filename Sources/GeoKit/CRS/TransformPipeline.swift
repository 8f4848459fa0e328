/// The transformation PROJ's database chose for a pair of EPSG CRSs, written as a PROJ
/// pipeline string, so that a later process builds the same transformation from the string
/// without opening proj.db: a cold `outfalls check` spent 10–20 ms there for one conversion
/// it could have read back.
///
/// Tied to the PROJ version that chose it: another version may choose differently, so a
/// pipeline from another version is not used (``GeodeticConverter`` asks the database again).
public struct TransformPipeline: Sendable, Hashable {
    public var source: Int
    public var target: Int
    public var projVersion: String
    /// E.g. `+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=tmerc …`.
    public var definition: String

    public init(source: Int, target: Int, projVersion: String, definition: String) {
        self.source = source
        self.target = target
        self.projVersion = projVersion
        self.definition = definition
    }
}
