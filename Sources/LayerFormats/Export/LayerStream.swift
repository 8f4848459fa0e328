import GeoKit
import JSON
import OutfallModel

/// A layer as writers take it: what must be known before the first feature is written (the
/// columns and their types, the styles its features use) and the features themselves, handed
/// over a page at a time, in order. An export of 100,000 outfalls then holds one page of
/// features at a time instead of all of them (issue 12: 212 MiB against ogr2ogr's 53 MiB).
///
/// A stream is read once per write. Built from an ``ExportLayer`` (every feature in memory)
/// by ``ExportLayer/stream``, or by the registry page by page from its store with a schema
/// it declares.
public struct LayerStream: Sendable {
    public var kind: LayerKind
    /// Whether the data is schematic, to say so in the file.
    public var schematic: Bool
    /// Property names in column order.
    public var fieldNames: [String]
    /// What each field of ``fieldNames`` holds: the column types of typed formats.
    public var fieldKinds: [FieldKind]
    /// Every (style class, icon) a feature may be drawn with, in the order styles are written.
    public var styleKeys: [StyleKey]
    private var pages: Pages

    /// Hands `body` the features, a page at a time, in order. Errors from `body` and from
    /// reading the features end the stream; the reader's are ``ExportError/sourceFailed(_:)``.
    public typealias Pages = @Sendable (_ body: ([ExportFeature]) throws -> Void) throws -> Void

    public init(
        kind: LayerKind, schematic: Bool, fieldNames: [String], fieldKinds: [FieldKind], styleKeys: [StyleKey], pages: @escaping Pages
    ) {
        precondition(fieldNames.count == fieldKinds.count, "one kind per field")
        self.kind = kind
        self.schematic = schematic
        self.fieldNames = fieldNames
        self.fieldKinds = fieldKinds
        self.styleKeys = styleKeys
        self.pages = pages
    }

    /// Calls `body` with every page of features, in order.
    public func forEachPage(_ body: ([ExportFeature]) throws(ExportError) -> Void) throws(ExportError) {
        do {
            try withoutActuallyEscaping(body) { body in try pages { page in try body(page) } }
        } catch let error as ExportError {
            throw error
        } catch {
            throw .sourceFailed(error)
        }
    }

    /// The same layer with every feature passed through `transform` (nil: left out) as it is
    /// read, e.g. filtered.
    public func mapFeatures(_ transform: @escaping @Sendable (ExportFeature) throws -> ExportFeature?) -> LayerStream {
        mapFeatures(making: { transform })
    }

    /// The same layer with every feature passed through a transform that `make` builds once
    /// per reading, on the thread that reads: for one holding a C context (a PROJ
    /// transformer) that must not be shared between threads.
    public func mapFeatures(making make: @escaping @Sendable () throws -> (ExportFeature) throws -> ExportFeature?) -> LayerStream {
        var mapped = self
        let pages = self.pages
        mapped.pages = { body in
            let transform = try make()
            try pages { page in try body(try page.compactMap(transform)) }
        }
        return mapped
    }

    /// The same layer, calling `observe` with the size of every page as it goes by.
    public func observingPages(_ observe: @escaping @Sendable (Int) -> Void) -> LayerStream {
        var observed = self
        let pages = self.pages
        observed.pages = { body in
            try pages { page in
                observe(page.count)
                try body(page)
            }
        }
        return observed
    }

    /// The same layer with only the fields `keep` accepts, in their order.
    public func keepingFields(_ keep: @escaping @Sendable (String) -> Bool) -> LayerStream {
        var kept = mapFeatures { feature in
            var trimmed = feature
            trimmed.properties = JSONObject(distinct: feature.properties.members.filter { keep($0.key) }.map { ($0.key, $0.value) })
            return trimmed
        }
        let fields = zip(fieldNames, fieldKinds).filter { keep($0.0) }
        kept.fieldNames = fields.map(\.0)
        kept.fieldKinds = fields.map(\.1)
        return kept
    }

    /// The value of field `index` (of ``fieldNames``) in `feature`. Features almost always
    /// list their properties in the layer's field order, so that position is tried first.
    @inline(__always)
    public func value(_ index: Int, in feature: ExportFeature) -> JSONValue? {
        let members = feature.properties.members
        if index < members.count, members[index].key == fieldNames[index] { return members[index].value }
        return feature.properties[fieldNames[index]]
    }
}

/// The style a feature is drawn with: its class (a verdict, "drinking_water/1"…) and, for
/// points, its icon.
public struct StyleKey: Hashable, Sendable {
    public var styleClass: String
    public var icon: String?

    public init(styleClass: String, icon: String?) {
        self.styleClass = styleClass
        self.icon = icon
    }

    public init(_ feature: ExportFeature) { self.init(styleClass: feature.styleClass, icon: feature.icon) }
}

extension ExportLayer {
    /// This layer as a stream of one page, with the fields, kinds and styles its features have.
    public var stream: LayerStream {
        var keys: [StyleKey] = []
        var seen = Set<StyleKey>()
        for feature in features where seen.insert(StyleKey(feature)).inserted { keys.append(StyleKey(feature)) }
        let features = features
        return LayerStream(
            kind: kind, schematic: schematic, fieldNames: fieldNames, fieldKinds: fieldKinds(), styleKeys: keys,
            pages: { body in if !features.isEmpty { try body(features) } })
    }
}

extension LayerWriter {
    /// Writes layers held in memory.
    public func write(_ layers: [ExportLayer], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        try write(layers.map(\.stream), to: path, options: options, styles: styles)
    }
}
