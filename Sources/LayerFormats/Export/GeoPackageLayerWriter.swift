import Foundation
import GRDB
import GRDBSQLite
import GeoKit
import JSON
import OutfallModel

/// GeoPackage 1.2 written straight into SQLite: the `gpkg_*` tables GDAL and QGIS read,
/// both CGCS2000 CRSs (4490, 4545) registered whatever the layers use, one feature table per
/// layer with `fid` = the registry id, GeoPackage geometry blobs, an R-tree spatial index
/// with the spec's triggers, and the QGIS styles in `layer_styles`.
///
/// Written by hand rather than through GDAL's driver, which spends most of an export in its
/// per-feature machinery; the CRS definitions still come from GDAL, so they are the texts
/// GDAL itself writes. The file is built beside the target and renamed over it at the end:
/// a failed export leaves no half-written GeoPackage behind.
public struct GeoPackageLayerWriter: LayerWriter {
    public let formatName = "gpkg"
    public let allowsProjectedCRS = true

    public init() {}

    public func write(_ layers: [LayerStream], to path: String, options: ExportOptions, styles: StyleSheet) throws(ExportError) {
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            try build(layers, at: partial, named: (path as NSString).lastPathComponent, options: options, styles: styles)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if let error = error as? ExportError, case .sourceFailed = error { throw error }
            throw .cannotWrite(path, "\(error)")
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: partial)
            throw .cannotWrite(path, reason)
        }
    }

    private func build(_ layers: [LayerStream], at path: String, named fileName: String, options: ExportOptions, styles: StyleSheet) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let context = PROJContext()
        var references: [CRSDefinition] = []
        for code in Set([4326, 4490, 4545, options.epsg]).sorted() { references.append(try CRSDefinition(epsg: code, context: context)) }
        try queue.writeWithoutTransaction { db in
            // A new file, renamed into place only when complete: no journal needed.
            try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            try db.execute(sql: "PRAGMA application_id = 1196444487; PRAGMA user_version = 10200")
            try db.inTransaction {
                try db.execute(sql: Self.coreTables)
                for reference in references {
                    try db.execute(
                        sql: """
                            INSERT INTO gpkg_spatial_ref_sys(srs_name, srs_id, organization, organization_coordsys_id, definition)
                            VALUES (?, ?, 'EPSG', ?, ?)
                            """,
                        arguments: [reference.name, reference.epsg, reference.epsg, reference.wkt])
                }
                var projectLayers: [QGISProject.Layer] = []
                for layer in layers {
                    let extent = try FeatureTable(layer: layer, epsg: options.epsg).write(into: db)
                    projectLayers.append(QGISProject.Layer(kind: layer.kind, title: Self.title(layer), extent: extent, fieldNames: layer.fieldNames))
                }
                try writeLayerStyles(layers, styles: styles, into: db)
                let crs = try references.first { $0.epsg == options.epsg } ?? CRSDefinition(epsg: options.epsg, context: context)
                let schematic = layers.contains(where: \.schematic)
                let project = QGISProject(
                    title: options.title + (schematic ? "（示意数据，非官方边界，不能作为审批依据）" : ""), geoPackageFileName: fileName,
                    crs: crs, layers: projectLayers)
                try writeProject(project, styles: styles, scratch: path, into: db)
                return .commit
            }
        }
        try queue.close()
    }

    /// A layer's title in QGIS: its Chinese name, and that it is schematic where it is.
    static func title(_ layer: LayerStream) -> String { layer.kind.chineseName + (layer.schematic ? "（示意数据）" : "") }

    /// QGIS's own `qgis_projects` table (as QGIS creates it, not listed in `gpkg_contents`, so
    /// GDAL and other readers see only the layers), holding one project.
    private func writeProject(_ project: QGISProject, styles: StyleSheet, scratch: String, into db: Database) throws {
        let metadata = #"{"last_modified_time":"\#(ISO8601DateFormatter().string(from: Date()))","last_modified_user":"Outfall Registry"}"#
        try db.execute(
            sql: """
                CREATE TABLE qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB);
                INSERT INTO qgis_projects VALUES (?, ?, ?);
                """,
            arguments: [QGISProject.name, metadata, QGISProject.hex(try project.archive(styles: styles, scratch: scratch))])
    }

    /// QGIS's own `layer_styles` table (its column names), one default style per layer.
    private func writeLayerStyles(_ layers: [LayerStream], styles: StyleSheet, into db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE "layer_styles" ("fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "f_table_catalog" TEXT,
                    "f_table_schema" TEXT, "f_table_name" TEXT, "f_geometry_column" TEXT, "styleName" TEXT, "styleQML" TEXT,
                    "styleSLD" TEXT, "useAsDefault" INTEGER, "description" TEXT, "owner" TEXT, "ui" TEXT, "update_time" TEXT);
                INSERT INTO gpkg_contents(table_name, data_type, identifier, description, last_change, srs_id)
                    VALUES ('layer_styles', 'attributes', 'layer_styles', '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0);
                """)
        for layer in layers {
            try db.execute(
                sql: """
                    INSERT INTO layer_styles(f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML,
                        styleSLD, useAsDefault, description, owner)
                    VALUES ('', '', ?, 'geom', ?, ?, '', 1, 'Outfall Registry 样式 (Styles/styles.json)', '')
                    """,
                arguments: [layer.kind.rawValue, layer.kind.chineseName, StyleDocuments.qml(layer.kind, styles: styles, fields: layer.fieldNames.map { ($0, $0) })])
        }
    }

    /// The tables every GeoPackage has (GeoPackage 1.2, clauses 1.1.2–1.1.3 and 2.1.5), and the
    /// two undefined CRSs the spec requires besides WGS 84.
    static let coreTables = """
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
            organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
            description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
            min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
            CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
            srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
            CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
            CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
            CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
            scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined Cartesian SRS', -1, 'NONE', -1, 'undefined',
            'undefined Cartesian coordinate reference system');
        INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
            'undefined geographic coordinate reference system');
        """
}

/// One layer's feature table, its R-tree and its rows in the `gpkg_*` tables.
private struct FeatureTable {
    let layer: LayerStream
    let epsg: Int
    let name: String
    let columns: [(name: String, type: String)]

    init(layer: LayerStream, epsg: Int) {
        self.layer = layer
        self.epsg = epsg
        name = layer.kind.rawValue
        columns = zip(layer.fieldNames, layer.fieldKinds).map { field, kind in
            (field, kind.isInteger ? "INTEGER" : kind.isNumeric ? "REAL" : "TEXT")
        }
    }

    /// GeoPackage geometry type: multi-part for lines and polygons, so every row of a table has one type.
    var geometryType: String {
        switch layer.kind.geometryFamily {
        case .puntal: "POINT"
        case .lineal: "MULTILINESTRING"
        case .polygonal: "MULTIPOLYGON"
        }
    }

    /// Returns the layer's extent.
    func write(into db: Database) throws -> Envelope? {
        let quotedColumns = columns.map { "\(quote($0.name)) \($0.type)" }
        try db.execute(
            sql: "CREATE TABLE \(quote(name)) (\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \"geom\" \(geometryType)"
                + quotedColumns.map { ", " + $0 }.joined() + ")")
        let envelopes = try insertFeatures(db)
        var extent: Envelope?
        for (_, e) in envelopes {
            extent = extent.map {
                Envelope(minX: min($0.minX, e.minX), minY: min($0.minY, e.minY), maxX: max($0.maxX, e.maxX), maxY: max($0.maxY, e.maxY))
            } ?? e
        }
        try db.execute(
            sql: """
                INSERT INTO gpkg_contents(table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
                VALUES (?, 'features', ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, ?);
                INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0);
                INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
                """,
            arguments: [
                name, layer.kind.chineseName, layer.schematic ? "示意数据 schematic" : "", extent?.minX, extent?.minY, extent?.maxX,
                extent?.maxY, epsg, name, geometryType, epsg, name,
            ])
        try writeSpatialIndex(envelopes, into: db)
        return extent
    }

    /// Inserts every feature through one prepared statement with raw binds, and returns each
    /// row's id and envelope for the spatial index.
    private func insertFeatures(_ db: Database) throws -> [(Int64, Envelope)] {
        let placeholders = Array(repeating: "?", count: columns.count + 2).joined(separator: ",")
        let statement = try db.makeStatement(
            sql: "INSERT INTO \(quote(name)) (\"fid\", \"geom\"" + columns.map { ", " + quote($0.name) }.joined() + ") VALUES (\(placeholders))")
        let handle = statement.sqliteStatement
        let header = GeoPackageBlob(srsID: Int32(epsg))
        var blob: [UInt8] = []
        var envelopes: [(Int64, Envelope)] = []
        var failure: (any Error)?
        try layer.forEachPage { page throws(ExportError) in
            do {
                for feature in page {
                    let geometry = multi(feature.geometry)
                    let envelope = geometry.envelope
                    blob.removeAll(keepingCapacity: true)
                    header.append(geometry, envelope: envelope, to: &blob)
                    sqlite3_bind_int64(handle, 1, feature.id)
                    blob.withUnsafeBytes { _ = sqlite3_bind_blob(handle, 2, $0.baseAddress, Int32($0.count), sqliteTransient) }
                    for (i, column) in columns.enumerated() {
                        bind(layer.value(i, in: feature), as: column.type, to: handle, at: Int32(i + 3))
                    }
                    try step(statement, db, id: feature.id)
                    sqlite3_clear_bindings(handle)
                    if let envelope { envelopes.append((feature.id, envelope)) }
                }
            } catch {
                // Kept to be thrown as it was (an SQLite error), not as a source failure.
                failure = error
                throw ExportError.cannotWrite(name, "\(error)")
            }
        }
        if let failure { throw failure }
        return envelopes
    }

    private func bind(_ value: JSONValue?, as type: String, to handle: OpaquePointer, at index: Int32) {
        switch (type, value) {
        case (_, nil), (_, .null?): sqlite3_bind_null(handle, index)
        case ("INTEGER", .number(let d)?): sqlite3_bind_int64(handle, index, Int64(d))
        case ("REAL", .number(let d)?): sqlite3_bind_double(handle, index, d)
        case (_, let value?):
            var text = value.displayText
            text.withUTF8 { _ = sqlite3_bind_text(handle, index, $0.baseAddress, Int32($0.count), sqliteTransient) }
        }
    }

    /// The R-tree, packed from the envelopes straight into its node tables, then the spec's
    /// triggers that keep it current when someone later edits the table in QGIS (they call
    /// the ST_ functions GDAL provides).
    private func writeSpatialIndex(_ envelopes: [(Int64, Envelope)], into db: Database) throws {
        let rtreeName = "rtree_\(name)_geom"
        let rtree = quote(rtreeName)
        let table = quote(name)
        try db.execute(sql: "CREATE VIRTUAL TABLE \(rtree) USING rtree(id, minx, maxx, miny, maxy)")
        let packed = PackedRTree(envelopes)
        let nodes = try db.makeStatement(sql: "INSERT OR REPLACE INTO \(quote(rtreeName + "_node")) VALUES (?, ?)")
        for node in packed.nodes {
            sqlite3_bind_int64(nodes.sqliteStatement, 1, node.number)
            node.blob.withUnsafeBytes { _ = sqlite3_bind_blob(nodes.sqliteStatement, 2, $0.baseAddress, Int32($0.count), sqliteTransient) }
            try step(nodes, db, id: node.number)
        }
        let parents = try db.makeStatement(sql: "INSERT INTO \(quote(rtreeName + "_parent")) VALUES (?, ?)")
        for (node, parent) in packed.parents {
            sqlite3_bind_int64(parents.sqliteStatement, 1, node)
            sqlite3_bind_int64(parents.sqliteStatement, 2, parent)
            try step(parents, db, id: node)
        }
        let rows = try db.makeStatement(sql: "INSERT INTO \(quote(rtreeName + "_rowid")) VALUES (?, ?)")
        for (row, leaf) in packed.rowLeaves {
            sqlite3_bind_int64(rows.sqliteStatement, 1, row)
            sqlite3_bind_int64(rows.sqliteStatement, 2, leaf)
            try step(rows, db, id: row)
        }
        let values = "VALUES (NEW.\"fid\", ST_MinX(NEW.\"geom\"), ST_MaxX(NEW.\"geom\"), ST_MinY(NEW.\"geom\"), ST_MaxY(NEW.\"geom\"))"
        let trigger = { (suffix: String) in quote("rtree_\(name)_geom_\(suffix)") }
        try db.execute(
            sql: """
                CREATE TRIGGER \(trigger("insert")) AFTER INSERT ON \(table)
                    WHEN (NEW."geom" NOT NULL AND NOT ST_IsEmpty(NEW."geom"))
                    BEGIN INSERT OR REPLACE INTO \(rtree) \(values); END;
                CREATE TRIGGER \(trigger("update1")) AFTER UPDATE OF "geom" ON \(table)
                    WHEN OLD."fid" = NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom"))
                    BEGIN INSERT OR REPLACE INTO \(rtree) \(values); END;
                CREATE TRIGGER \(trigger("update2")) AFTER UPDATE OF "geom" ON \(table)
                    WHEN OLD."fid" = NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom"))
                    BEGIN DELETE FROM \(rtree) WHERE id = OLD."fid"; END;
                CREATE TRIGGER \(trigger("update3")) AFTER UPDATE ON \(table)
                    WHEN OLD."fid" != NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom"))
                    BEGIN DELETE FROM \(rtree) WHERE id = OLD."fid"; INSERT OR REPLACE INTO \(rtree) \(values); END;
                CREATE TRIGGER \(trigger("update4")) AFTER UPDATE ON \(table)
                    WHEN OLD."fid" != NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom"))
                    BEGIN DELETE FROM \(rtree) WHERE id IN (OLD."fid", NEW."fid"); END;
                CREATE TRIGGER \(trigger("delete")) AFTER DELETE ON \(table)
                    WHEN OLD."geom" NOT NULL
                    BEGIN DELETE FROM \(rtree) WHERE id = OLD."fid"; END;
                """)
    }

    private func step(_ statement: Statement, _ db: Database, id: Int64) throws {
        guard sqlite3_step(statement.sqliteStatement) == SQLITE_DONE else {
            throw GeoPackageError.insert(layer: name, id: id, message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
        sqlite3_reset(statement.sqliteStatement)
    }

    private func multi(_ g: Geometry) -> Geometry {
        switch g {
        case .lineString(let cs): .multiLineString([cs])
        case .polygon(let p): .multiPolygon([p])
        default: g
        }
    }

    private func quote(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}

/// The GeoPackage geometry blob (GeoPackage 1.2, clause 2.1.3): "GP", version 0, flags,
/// the CRS id, an envelope (none for points, as GDAL writes them), then little-endian WKB.
struct GeoPackageBlob {
    let srsID: Int32

    func append(_ geometry: Geometry, envelope: Envelope?, to out: inout [UInt8]) {
        let isPoint = if case .point = geometry { true } else { false }
        let hasEnvelope = !isPoint && envelope != nil
        // Bit 0: little endian; bits 1–3: envelope [minx, maxx, miny, maxy]; bit 4: empty.
        let flags: UInt8 = 0x01 | (hasEnvelope ? 0x02 : 0) | (envelope == nil ? 0x10 : 0)
        out.append(contentsOf: [0x47, 0x50, 0, flags])
        withUnsafeBytes(of: srsID.littleEndian) { out.append(contentsOf: $0) }
        if hasEnvelope, let e = envelope {
            for value in [e.minX, e.maxX, e.minY, e.maxY] {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        geometry.appendWKB(to: &out)
    }
}

enum GeoPackageError: Error, CustomStringConvertible {
    case insert(layer: String, id: Int64, message: String)

    var description: String {
        switch self {
        case .insert(let layer, let id, let message): "写入图层 \(layer) 的要素 \(id) 失败：\(message)"
        }
    }
}

/// SQLite copies bound text and blobs at once (SQLITE_TRANSIENT): the Swift buffers do not outlive the call.
private let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
