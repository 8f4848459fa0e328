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
        migrator.registerMigration("v2-river-snaps") { db in
            try db.execute(sql: riverSnaps)
        }
        migrator.registerMigration("v3-siting") { db in
            try db.execute(sql: siting)
        }
        migrator.registerMigration("v4-screening-summary") { db in
            try db.execute(sql: screeningSummary)
        }
        migrator.registerMigration("v5-users") { db in
            try db.execute(sql: users)
        }
        migrator.registerMigration("v6-ledger") { db in
            try db.execute(sql: LedgerSchema.tables)
            try LedgerSchema.moveAuditLog(db)
        }
        migrator.registerMigration("v7-roles") { db in
            try db.execute(sql: roles)
        }
        migrator.registerMigration("v8-user-scope") { db in
            try db.execute(sql: userScope)
        }
        migrator.registerMigration("v9-network-index") { db in
            try db.execute(sql: networkIndex)
        }
        migrator.registerMigration("v10-zone-index") { db in
            try db.execute(sql: zoneIndex)
        }
        migrator.registerMigration("v11-transform-pipelines") { db in
            try db.execute(sql: transformPipelines)
        }
        migrator.registerMigration("v12-network-edges") { db in
            try db.execute(sql: networkEdges)
        }
        return migrator
    }

    /// Snaps of outfalls to the river network (derived; recomputed when stale), pins set by
    /// people, per-layer change counters that tell derived data it is stale, and the
    /// settings the network needs.
    static let riverSnaps = """
        CREATE TABLE layer_versions (
            layer TEXT PRIMARY KEY,
            version INTEGER NOT NULL
        );
        INSERT INTO layer_versions(layer, version)
            SELECT 'rivers', 1 UNION ALL SELECT 'zones', 1 UNION ALL SELECT 'intakes', 1
            UNION ALL SELECT 'sections', 1 UNION ALL SELECT 'areas', 1 UNION ALL SELECT 'outfalls', 1;
        INSERT OR IGNORE INTO settings(key, value) VALUES ('metric_epsg', '4545');
        INSERT OR IGNORE INTO settings(key, value) VALUES ('snap_max_distance_m', '500');
        INSERT OR IGNORE INTO settings(key, value) VALUES ('snap_ambiguity_margin_m', '10');
        CREATE TABLE outfall_pins (
            outfall_id INTEGER PRIMARY KEY REFERENCES outfalls(id),
            reach_key TEXT NOT NULL,
            pinned_by TEXT NOT NULL,
            pinned_at TEXT NOT NULL,
            note TEXT
        );
        CREATE TABLE outfall_snaps (
            outfall_id INTEGER PRIMARY KEY REFERENCES outfalls(id),
            outfall_updated_at TEXT NOT NULL,
            rivers_version INTEGER NOT NULL,
            status TEXT NOT NULL,
            pinned INTEGER NOT NULL DEFAULT 0,
            reach_key TEXT,
            reach_code TEXT,
            river TEXT,
            part INTEGER,
            along_m REAL,
            measure_m REAL,
            offset_m REAL,
            bank TEXT,
            outlet_distance_m REAL,
            snapped_lon REAL,
            snapped_lat REAL,
            candidates TEXT NOT NULL DEFAULT '[]',
            computed_at TEXT NOT NULL
        );
        CREATE INDEX outfall_snaps_status ON outfall_snaps(status);
        """

    /// The siting rules in force (every version kept) and the stored screening of every
    /// outfall, with what it was computed from.
    static let siting = """
        CREATE TABLE siting_rules (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL,
            title TEXT NOT NULL,
            rules_json TEXT NOT NULL,
            file_name TEXT,
            file_sha256 TEXT,
            loaded_at TEXT NOT NULL,
            loaded_by TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO layer_versions(layer, version) VALUES ('rules', 1);
        CREATE TABLE screening (
            outfall_id INTEGER PRIMARY KEY REFERENCES outfalls(id),
            signature TEXT NOT NULL,
            outfall_updated_at TEXT NOT NULL,
            snap_computed_at TEXT,
            verdict TEXT NOT NULL,
            findings TEXT NOT NULL,
            computed_at TEXT NOT NULL
        );
        CREATE INDEX screening_verdict ON screening(verdict);
        """

    /// What listings and exports show of a screening without expanding its findings: the
    /// rules that fired and the township. Rows of the earlier format are recomputed (the
    /// findings format in the signature changed with this migration).
    static let screeningSummary = """
        ALTER TABLE screening ADD COLUMN rules TEXT NOT NULL DEFAULT '';
        ALTER TABLE screening ADD COLUMN township TEXT;
        """

    /// People who sign in to the web app, and their sessions. Passwords are stored only as
    /// slow hashes, session tokens only as SHA-256 digests.
    static let users = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'admin')),
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        CREATE TABLE sessions (
            token_digest TEXT PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX sessions_user ON sessions(user_id);
        """

    /// Inspectors (排查员) and reviewers (审核员) join the roles. SQLite cannot change a CHECK
    /// constraint, so the table is rebuilt (GRDB runs migrations with foreign keys deferred).
    static let roles = """
        CREATE TABLE users_v7 (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'inspector', 'reviewer', 'planner', 'admin')),
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL
        );
        INSERT INTO users_v7 SELECT id, username, password_hash, role, disabled, created_at, created_by FROM users;
        DROP TABLE users;
        ALTER TABLE users_v7 RENAME TO users;
        """

    /// Accounts belong to a department (住建局, 水利局, …) and/or a township, which scope what
    /// they see and may be drawn for; the role is checked by the code's `Role` alone from here
    /// on, so a new role is not another table rebuild.
    static let userScope = """
        CREATE TABLE users_v8 (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            department TEXT,
            township TEXT
        );
        INSERT INTO users_v8(id, username, password_hash, role, disabled, created_at, created_by)
            SELECT id, username, password_hash, role, disabled, created_at, created_by FROM users;
        DROP TABLE users;
        ALTER TABLE users_v8 RENAME TO users;
        """

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

    /// The river network as built from one version of the rivers layer (topology, measures,
    /// outlet distances, vertices), stored so that a process reads it instead of rebuilding
    /// it — derived data: dropping a row only costs one rebuild.
    static let networkIndex = """
        CREATE TABLE network_index (
            rivers_version INTEGER NOT NULL,
            metric_epsg INTEGER NOT NULL,
            format INTEGER NOT NULL,
            built_at TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (rivers_version, metric_epsg, format)
        );
        """

    /// The metric envelope of every zone as of one version of the zones layer (Siting's
    /// ZoneEnvelopeIndex), stored so that a single check converts only the zones near its
    /// place instead of all of them — derived data like the network index: a missing or
    /// outdated row only costs one rebuild.
    static let zoneIndex = """
        CREATE TABLE zone_index (
            zones_version INTEGER NOT NULL,
            metric_epsg INTEGER NOT NULL,
            format INTEGER NOT NULL,
            built_at TEXT NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY (zones_version, metric_epsg, format)
        );
        """

    /// The PROJ pipelines chosen for pairs of CRSs by one PROJ version (GeoKit's
    /// TransformPipeline), stored so that a process builds its transformations without
    /// opening proj.db — derived data: a missing row only costs one database lookup.
    static let transformPipelines = """
        CREATE TABLE transform_pipelines (
            source_epsg INTEGER NOT NULL,
            target_epsg INTEGER NOT NULL,
            proj_version TEXT NOT NULL,
            definition TEXT NOT NULL,
            PRIMARY KEY (source_epsg, target_epsg, proj_version)
        );
        """

    /// The river network once more, one record per edge (Rivers' NetworkEdgeRecord) in an
    /// R-tree by metric envelope, so that a process asking about one place reads only the
    /// edges near it; `network_edges_built` says which rivers version the records are of
    /// (one row: only the current network is ever read). Derived data like the network
    /// index: missing or outdated records only cost one rebuild.
    static let networkEdges = """
        CREATE TABLE network_edges_built (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            rivers_version INTEGER NOT NULL,
            metric_epsg INTEGER NOT NULL,
            format INTEGER NOT NULL,
            built_at TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE network_edges USING rtree(edge, min_x, max_x, min_y, max_y, +record BLOB);
        """
}
