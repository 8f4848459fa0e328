import Foundation

/// Finds the files the product ships beside its binary: the bundled `GeoData/` (and, as
/// they come, rules and styles). Looked for, in order: an explicit path, an environment
/// variable, then upward from the executable and from the working directory, and in
/// `../share/outfall-registry/` next to an installed binary.
public enum ResourceLocator {
    public static func directory(
        named name: String, containing marker: String, explicit: String? = nil, environmentVariable: String
    ) -> String? {
        let files = FileManager.default
        func holds(_ dir: String) -> Bool { files.fileExists(atPath: (dir as NSString).appendingPathComponent(marker)) }
        if let explicit { return holds(explicit) ? explicit : nil }
        if let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable], holds(fromEnvironment) {
            return fromEnvironment
        }
        var starts: [String] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent().path {
            starts.append(executable)
            starts.append((executable as NSString).appendingPathComponent("../share/outfall-registry"))
        }
        starts.append(files.currentDirectoryPath)
        for start in starts {
            var dir = (start as NSString).standardizingPath
            for _ in 0..<6 {
                let candidate = (dir as NSString).appendingPathComponent(name)
                if holds(candidate) { return candidate }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir { break }
                dir = parent
            }
        }
        return nil
    }

    /// The Styles directory (holding `styles.json` and the icons).
    public static func styles(explicit: String? = nil) -> String? {
        directory(named: "Styles", containing: "styles.json", explicit: explicit, environmentVariable: "OUTFALLS_STYLES")
    }

    /// The bundled GeoData directory (holding `manifest.json`).
    public static func geoData(explicit: String? = nil) -> String? {
        directory(named: "GeoData", containing: "manifest.json", explicit: explicit, environmentVariable: "OUTFALLS_GEODATA")
    }
}
