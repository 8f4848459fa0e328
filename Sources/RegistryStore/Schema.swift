import GRDB

/// The registry's schema as a sequence of migrations. A migration, once released, is never
/// edited: later changes are new migrations. docs/data-model.md describes the tables.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: foundation)
            for layer in ["rivers", "zones", "intakes", "sections", "areas", "outfalls"] {
                try db.execute(sql: "CREATE VIRTUAL TABLE \(layer)_rtree USING rtree(id, min_x, max_x, min_y, max_y)")
            }
        }
        return migrator
    }

    /// Columns every layer table has, in this order, before its own.
    static let commonColumns = """
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        geometry BLOB NOT NULL,
        extra TEXT NOT NULL DEFAULT '{}',
        origin_crs TEXT NOT NULL,
        origin_geometry BLOB,
        source_id INTEGER REFERENCES sources(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
        """

    static let foundation = """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            layer TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            file_format TEXT NOT NULL,
            crs TEXT NOT NULL,
            encoding TEXT,
            feature_count INTEGER NOT NULL,
            added INTEGER NOT NULL,
            updated INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            imported_by TEXT NOT NULL,
            provenance TEXT,
            licence TEXT,
            accuracy TEXT,
            schematic INTEGER NOT NULL DEFAULT 0,
            warnings TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            layer TEXT,
            feature_id INTEGER,
            feature_key TEXT,
            source_id INTEGER REFERENCES sources(id),
            before TEXT,
            after TEXT,
            note TEXT
        );
        CREATE INDEX audit_log_feature ON audit_log(layer, feature_id);
        CREATE TABLE rivers (
            \(commonColumns),
            reach_code TEXT
        );
        CREATE TABLE zones (
            \(commonColumns),
            kind TEXT NOT NULL,
            level TEXT,
            target_class INTEGER,
            attains INTEGER
        );
        CREATE INDEX zones_kind ON zones(kind, level);
        CREATE TABLE intakes (
            \(commonColumns),
            lon REAL NOT NULL,
            lat REAL NOT NULL
        );
        CREATE TABLE sections (
            \(commonColumns),
            kind TEXT NOT NULL,
            lon REAL NOT NULL,
            lat REAL NOT NULL
        );
        CREATE TABLE areas (
            \(commonColumns),
            adcode TEXT,
            level TEXT NOT NULL
        );
        CREATE TABLE outfalls (
            \(commonColumns),
            type TEXT NOT NULL,
            status TEXT,
            national_code TEXT UNIQUE,
            local_code TEXT UNIQUE,
            responsible TEXT,
            lon REAL NOT NULL,
            lat REAL NOT NULL
        );
        CREATE INDEX outfalls_type ON outfalls(type);
        """
}
