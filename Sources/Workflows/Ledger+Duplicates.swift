import Foundation
import GeoKit
import OutfallModel
import Registry
import Rivers
import RegistryStore
import Supervision

/// One side of a candidate duplicate: a registered outfall or a pending survey record.
public enum DuplicateItem: Sendable, Hashable {
    case outfall(id: Int64, name: String)
    case survey(id: Int64, recordNumber: String, name: String)

    public var label: String {
        switch self {
        case .outfall(let id, let name): "排污口 \(id)（\(name)）"
        case .survey(let id, let number, let name): "排查记录 \(id)（\(number) \(name)）"
        }
    }
}

/// Two points within the distance on the same river and the same bank.
public struct DuplicatePair: Sendable, Hashable {
    public var first: DuplicateItem
    public var second: DuplicateItem
    public var river: String
    /// `left` / `right`, looking downstream.
    public var bank: String
    /// Geodesic distance in metres.
    public var distance: Double
}

/// The candidates and what could not be judged.
public struct DuplicateReport: Sendable {
    public var withinMetres: Double
    public var pairs: [DuplicatePair]
    /// Points without a clean snap or a bank (unsnapped, ambiguous, on the centreline): the
    /// same-bank rule cannot be applied, so they are never candidates; listed to be looked at.
    public var unplaced: [(item: DuplicateItem, status: String)]
}

extension Ledger {
    /// Candidate duplicates (SUPERVISION/issue 13): two outfalls or pending survey records
    /// within `withinMetres` (geodesic) on the same river AND the same bank — outfalls on
    /// opposite banks are different outfalls however close. Outfalls come with their stored
    /// snaps (refreshed if stale); pending records are snapped now. Cancelled and merged
    /// outfalls are left out, and a record is not paired with the outfall it surveys.
    public func duplicates(withinMetres: Double = 30) throws(LedgerError) -> DuplicateReport {
        guard withinMetres.isFinite, withinMetres > 0, withinMetres <= 10_000 else {
            throw .refused(subject: "--within-m", reason: "应为 0–10000 米 (out of range)")
        }
        struct Point {
            var item: DuplicateItem
            var location: Coordinate
            var river: String?
            var bank: String?
            var status: String
            var surveyOf: Int64?
        }
        var points: [Point] = []
        do {
            let snaps = try registry.outfallSnaps()
            let files = try read { reader in try reader.documents(.outfall).map { stored throws(LedgerError) in try OutfallFile.decode(stored) } }
            let closed = Set(files.filter { $0.lifecycle == .cancelled || $0.mergedInto != nil || $0.lifecycle == .notOutfall }.compactMap(\.id))
            for outfall in try registry.store.fetchAll(Outfall.self) {
                guard let id = outfall.id, !closed.contains(id) else { continue }
                let snap = snaps[id]
                points.append(Point(
                    item: .outfall(id: id, name: outfall.name), location: outfall.location, river: snap?.river, bank: snap?.bank,
                    status: snap?.status ?? "none", surveyOf: nil))
            }
        } catch {
            throw Self.ledgerError(error)
        }
        let pending = try surveys(state: .pending).filter { $0.outfallType != OutfallLifecycle.notOutfall.rawValue }
        let placed = try placements(of: pending.map { Coordinate(lon: $0.lon, lat: $0.lat) })
        for (survey, placement) in zip(pending, placed) {
            guard let id = survey.id else { continue }
            points.append(Point(
                item: .survey(id: id, recordNumber: survey.recordNumber, name: survey.name), location: Coordinate(lon: survey.lon, lat: survey.lat),
                river: placement.river, bank: placement.bank, status: placement.snapStatus, surveyOf: survey.outfallID))
        }

        var unplaced: [(DuplicateItem, String)] = []
        var groups: [String: [Point]] = [:]
        for point in points {
            guard point.status == SnapResult.okStatus, let river = point.river, let bank = point.bank else {
                unplaced.append((point.item, point.bank == nil && point.status == SnapResult.okStatus ? "on_centreline" : point.status))
                continue
            }
            groups[river + "\u{0}" + bank, default: []].append(point)
        }
        var pairs: [DuplicatePair] = []
        let geodesic = Geodesic.cgcs2000
        for (_, group) in groups {
            // Sweep in longitude: a degree of longitude is ≥ 90 km at these latitudes, so a
            // window of twice the distance in degrees is generous and keeps this near-linear.
            let sorted = group.sorted { $0.location.lon < $1.location.lon }
            let window = withinMetres * 2 / 80_000
            for i in sorted.indices {
                var j = i + 1
                while j < sorted.count, sorted[j].location.lon - sorted[i].location.lon <= window {
                    let a = sorted[i], b = sorted[j]
                    j += 1
                    if case .outfall(let oid, _) = a.item, b.surveyOf == oid { continue }
                    if case .outfall(let oid, _) = b.item, a.surveyOf == oid { continue }
                    let distance = geodesic.distance(a.location, b.location)
                    guard distance <= withinMetres, let river = a.river, let bank = a.bank else { continue }
                    pairs.append(DuplicatePair(first: a.item, second: b.item, river: river, bank: bank, distance: distance))
                }
            }
        }
        pairs.sort { ($0.river, $0.distance, $0.first.label) < ($1.river, $1.distance, $1.first.label) }
        return DuplicateReport(withinMetres: withinMetres, pairs: pairs, unplaced: unplaced)
    }

    /// Merges outfall `other` into `keep` as a duplicate, in one transaction: `other`'s file
    /// is cancelled (注销, through ``OutfallLifecycle/after(_:)``) and points to `keep`; `keep`'s
    /// file lists `other` among its merged ids and takes over its surveys (and so their
    /// photos). Both files keep their whole history; each gets an event naming the other.
    /// An outfall without a file yet is taken as 存量 (registered by a layer import).
    public func merge(keep: Int64, other: Int64, note: String, actor: String) throws(LedgerError) {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw .refused(subject: "合并", reason: "请用 --note 写明合并原因 (a merge needs a note)") }
        guard note.count <= 2_000 else { throw .refused(subject: "合并", reason: "说明超过 2000 字 (note too long)") }
        guard keep != other else { throw .refused(subject: "合并", reason: "不能把排污口合并到自身 (same outfall)") }
        let now = Timestamp.now()
        do {
            try writeTogether { registryTx in
                let tx = LedgerTransaction(writer: registryTx.ledger, actor: actor, at: now, recordedAt: now)
                for id in [keep, other] {
                    if try registryTx.fetch(Outfall.self, id: id) == nil { throw LedgerError.notFound(.layer("outfalls"), String(id)) }
                }
                var kept = try tx.load(OutfallFile.self, id: keep) ?? OutfallFile(id: keep, lifecycle: .existing)
                var merged = try tx.load(OutfallFile.self, id: other) ?? OutfallFile(id: other, lifecycle: .existing)
                if let into = kept.mergedInto { throw LedgerError.refused(subject: "排污口 \(keep)", reason: "已合并到排污口 \(into)，请保留该排污口") }
                if merged.mergedInto != nil || kept.lifecycle == .cancelled {
                    throw LedgerError.refused(subject: "合并", reason: "已注销或已合并的排污口不能再合并")
                }
                merged.lifecycle = try Self.step(merged.lifecycle, .cancel, outfallID: other)
                merged.mergedInto = keep
                if !kept.mergedIDs.contains(other) { kept.mergedIDs.append(other) }
                for id in merged.surveyIDs where !kept.surveyIDs.contains(id) { kept.surveyIDs.append(id) }
                try tx.save(merged, action: "merged_into", reason: note, related: [EntityRef(.outfall, keep)])
                try tx.save(kept, action: "merge", reason: note, related: [EntityRef(.outfall, other)])
            }
        } catch {
            throw Self.ledgerError(error)
        }
    }
}

extension SnapResult {
    static let okStatus = Status.ok.rawValue
}
