import Digest
import Foundation

/// The 双随机 draw, reproducible from the published seed and the two published registers with
/// nothing but SHA-256 (docs/inspections.md; Tests/Tools/redraw.py recomputes it in Python):
///
/// 1. Objects. For each object of the register, `h = SHA-256(seed + "|object|" + id)` (UTF-8,
///    id in decimal), `x = (int(h[0:13], 16) + 0.5) / 2^52`, key `k = −ln(1 − x) / w` with `w` its
///    published weight. Sort by (k, id) ascending and take the first N. With every weight 1 this
///    is "smallest hash first"; with weights it is Efraimidis–Spirakis sampling without
///    replacement (exponential race), so weight 3 is about three times as likely to be drawn.
/// 2. Inspectors, per drawn object in draw order: the register minus those excluded for that
///    object (own township, linked unit), ranked by `SHA-256(seed + "|inspector|" + id + "|" +
///    username)` hex ascending (ties by username), first k. Fewer than k eligible refuses the
///    whole draw.
///
/// No language random generator is involved; the same inputs give the same draw anywhere.
public enum DrawAlgorithm {
    public static let scheme = "sha256-exp-race-v1"
    public static let maxSeedLength = 200
    public static let maxWeight = 100.0

    /// The township rule: an inspector never draws an object in their own township. Township
    /// names are compared as written or with one a prefix of the other, so "大埔镇" (an account)
    /// matches "大埔镇（示意边界）" (a polygon's name).
    public static func sameTownship(_ a: String, _ b: String) -> Bool {
        let a = a.trimmingCharacters(in: .whitespaces), b = b.trimmingCharacters(in: .whitespaces)
        guard !a.isEmpty, !b.isEmpty else { return false }
        return a == b || a.hasPrefix(b) || b.hasPrefix(a)
    }

    public static func objectHash(seed: String, outfallID: Int64) -> String {
        SHA256.hex(Array("\(seed)|object|\(outfallID)".utf8))
    }

    public static func inspectorHash(seed: String, outfallID: Int64, username: String) -> String {
        SHA256.hex(Array("\(seed)|inspector|\(outfallID)|\(username)".utf8))
    }

    /// `−ln(1 − x) / w` for the hash's first 52 bits.
    public static func key(hash: String, weight: Double) -> Double {
        let top = UInt64(hash.prefix(13), radix: 16) ?? 0
        let x = (Double(top) + 0.5) / 4_503_599_627_370_496.0
        return -log1p(-x) / weight
    }

    /// Why a seed cannot be used; nil when it can.
    public static func seedProblem(_ seed: String) -> String? {
        if seed.trimmingCharacters(in: .whitespaces).isEmpty { return "种子不能为空 (empty seed)" }
        if seed.count > maxSeedLength { return "种子超过 \(maxSeedLength) 字 (too long)" }
        if seed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "种子不能含控制字符 (control characters)" }
        return nil
    }

    /// The township exclusions, followed by the given unit exclusions, by object then username.
    public static func exclusions(objects: [DrawObject], inspectors: [DrawInspector], unitLinks: [DrawExclusion]) -> [DrawExclusion] {
        let registered = Set(inspectors.map(\.username))
        var linksByObject: [Int64: [DrawExclusion]] = [:]
        for link in unitLinks { linksByObject[link.outfallID, default: []].append(link) }
        var result: [DrawExclusion] = []
        // Trimmed once: the pairs are many (objects × inspectors).
        let homes = inspectors.map { ($0.username, $0.township.trimmingCharacters(in: .whitespaces)) }.filter { !$0.1.isEmpty }
        for object in objects {
            let township = object.township.trimmingCharacters(in: .whitespaces)
            for (username, home) in homes where !township.isEmpty && (township == home || township.hasPrefix(home) || home.hasPrefix(township)) {
                result.append(DrawExclusion(outfallID: object.outfallID, username: username, reason: .township))
            }
            var seen = Set<String>()
            for link in linksByObject[object.outfallID] ?? [] where registered.contains(link.username) && seen.insert(link.username).inserted {
                result.append(link)
            }
        }
        return result
    }

    /// Draws from the registers; refuses rather than drawing short.
    public static func draw(
        seed: String, parameters: DrawParameters, objects: [DrawObject], inspectors: [DrawInspector], exclusions: [DrawExclusion]
    ) throws(LedgerError) -> [DrawPick] {
        if let problem = seedProblem(seed) { throw .refused(subject: "种子 (seed)", reason: problem) }
        let count = parameters.count(registerSize: objects.count)
        guard count >= 1 else { throw .refused(subject: "抽取数量 (--objects)", reason: "至少抽取 1 个检查对象 (at least one)") }
        guard count <= objects.count else {
            throw .refused(subject: "抽取数量 (--objects)", reason: "检查对象名录只有 \(objects.count) 个，不能抽取 \(count) 个 (register has \(objects.count))")
        }
        let k = parameters.inspectorsPerObject
        guard k >= 1 else { throw .refused(subject: "每个对象的检查人员数 (--inspectors)", reason: "至少 1 名 (at least one)") }
        for object in objects where !(object.weight.isFinite && object.weight >= 1 && object.weight <= maxWeight) {
            throw .refused(subject: "权重 (weight)", reason: "排污口 #\(object.outfallID) 的权重 \(object.weight) 应在 1–\(Int(maxWeight)) 之间")
        }
        var ranked: [(object: DrawObject, hash: String, key: Double)] = []
        for object in objects {
            let hash = objectHash(seed: seed, outfallID: object.outfallID)
            ranked.append((object, hash, key(hash: hash, weight: object.weight)))
        }
        ranked.sort { a, b in a.key != b.key ? a.key < b.key : a.object.outfallID < b.object.outfallID }
        var excludedByObject: [Int64: Set<String>] = [:]
        for e in exclusions { excludedByObject[e.outfallID, default: []].insert(e.username) }
        var picks: [DrawPick] = []
        for (index, entry) in ranked.prefix(count).enumerated() {
            let object = entry.object
            let excluded = excludedByObject[object.outfallID] ?? []
            var eligible: [(username: String, hash: String)] = []
            for inspector in inspectors where !excluded.contains(inspector.username) {
                eligible.append((inspector.username, inspectorHash(seed: seed, outfallID: object.outfallID, username: inspector.username)))
            }
            eligible.sort { a, b in a.hash != b.hash ? a.hash < b.hash : a.username < b.username }
            guard eligible.count >= k else {
                throw .refused(
                    subject: "排污口 #\(object.outfallID) \(object.name)",
                    reason: "回避后只有 \(eligible.count) 名检查人员可抽，少于每个对象 \(k) 名；请增加检查人员或减少 --inspectors (too few eligible inspectors)")
            }
            picks.append(DrawPick(
                outfallID: object.outfallID, rank: index + 1, key: entry.key, hash: entry.hash, inspectors: eligible.prefix(k).map { $0.username }))
        }
        return picks
    }
}
