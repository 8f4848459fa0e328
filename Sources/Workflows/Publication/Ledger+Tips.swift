import Attachments
import Foundation
import GeoKit
import JSON
import OutfallModel
import Registry
import RegistryStore
import Supervision

/// What a visitor sends with the tip form (or a test, or an import of tips taken by phone).
public struct TipSubmission: Sendable {
    public var lon: Double
    public var lat: Double
    /// `map`, `gps` or `text`.
    public var locationSource: String
    public var description: String
    public var name: String?
    public var phone: String?
    /// The client address it came from.
    public var address: String
    public var photos: [(fileName: String, bytes: [UInt8])]

    public init(
        lon: Double, lat: Double, locationSource: String, description: String, name: String? = nil, phone: String? = nil, address: String,
        photos: [(fileName: String, bytes: [UInt8])] = []
    ) {
        self.lon = lon
        self.lat = lat
        self.locationSource = locationSource
        self.description = description
        self.name = name
        self.phone = phone
        self.address = address
        self.photos = photos
    }
}

/// What the tracking page shows: the state and the published answer, nothing else.
public struct PublicTipStatus: Sendable, Equatable {
    public var trackingNumber: String
    public var state: TipState
    /// `YYYY-MM-DD HH:mm`, China time.
    public var submitted: String
    /// Only once resolved or rejected.
    public var answer: String?
}

/// 群众举报: tips from the public through their state machine. The tipster's identity is a
/// separate entity that only ``tipIdentity(of:for:)`` reads, for a role that may handle tips.
extension Ledger {
    /// Who the public is in the history.
    public static let publicActor = "public"
    static let locationSources: Set<String> = ["map", "gps", "text"]

    /// Takes a tip: checks it, stages its photos (type from the bytes, size and pixel limits,
    /// EXIF read), stores the tip, its photos and — apart — the tipster's identity in one
    /// transaction, as the actor "public". Returns the tip with its tracking number.
    public func submitTip(_ submission: TipSubmission, now: Date = Date()) throws(LedgerError) -> Tip {
        let settings = try publicationSettings()
        let description = try Self.text(submission.description, field: "举报内容", limit: 2_000)
        guard Self.locationSources.contains(submission.locationSource) else {
            throw .refused(subject: "位置来源", reason: "应为 map、gps 或 text (location source)")
        }
        let point = Coordinate(lon: submission.lon, lat: submission.lat)
        guard point.x.isFinite, point.y.isFinite, (-180...180).contains(point.x), (-90...90).contains(point.y) else {
            throw .refused(subject: "位置", reason: "经纬度无效 (bad coordinates)")
        }
        if let problem = registry.settings.region.problem(with: point) {
            throw .refused(subject: "位置", reason: "不在本县范围内：\(problem)；请在地图上点选问题所在位置 (outside the county)")
        }
        let name = try Self.optionalText(submission.name, field: "联系人", limit: 200)
        let phone = try Self.optionalText(submission.phone, field: "联系电话", limit: 40)
        if let phone, !phone.allSatisfy({ $0.isNumber || "-+ ()".contains($0) }) {
            throw .refused(subject: "联系电话", reason: "只能含数字、空格和 - + ( ) (phone)")
        }
        guard submission.photos.count <= settings.maxPhotos else {
            throw .refused(subject: "照片", reason: "最多 \(settings.maxPhotos) 张，收到 \(submission.photos.count) 张 (too many photos)")
        }
        let nearest = try nearestOutfall(to: point)

        var limits = attachments.limits
        limits.maxBytes = Int64(settings.maxPhotoBytes)
        let store = AttachmentStore(directory: attachments.directory, limits: limits)
        let lock: StagingLock?
        do { lock = try StagingLock(store: store, exclusive: false, wait: true) } catch { throw Self.ledgerError(error) }
        defer { withExtendedLifetime(lock) {} }
        var staged: [StagedAttachment] = []
        var thumbnails: [(sha256: String, path: String)] = []
        var photos: [TipPhoto] = []
        func discardAll() {
            store.discardThumbnails(thumbnails.map(\.path))
            for s in staged { store.discard(s) }
        }
        do {
            for (index, photo) in submission.photos.enumerated() {
                let label = "照片 \(index + 1)"
                var offset = 0
                let bytes = photo.bytes
                let file = try store.stage(fileName: label) { () throws(AttachmentError) -> [UInt8]? in
                    guard offset < bytes.count else { return nil }
                    let end = min(bytes.count, offset + 256 * 1024)
                    defer { offset = end }
                    return Array(bytes[offset..<end])
                }
                staged.append(file)
                guard file.mediaType.isImage else { throw AttachmentError.badImage(file: label, reason: "只接受 JPEG 或 PNG 照片") }
                let header = try ImageHeader.read(path: file.stagedPath, type: file.mediaType, fileName: label)
                if let problem = header.problem(under: store.limits) { throw AttachmentError.badImage(file: label, reason: problem) }
                let exif = file.mediaType == .jpeg ? PhotoMetadata.read(path: file.stagedPath) : .none
                if file.mediaType == .jpeg { thumbnails.append((file.sha256, try store.stageThumbnail(of: file))) }
                photos.append(TipPhoto(
                    sha256: file.sha256, mediaType: file.mediaType.rawValue, byteCount: file.byteCount, width: header.width, height: header.height,
                    takenAt: exif.takenAt, lon: exif.longitude, lat: exif.latitude))
            }
        } catch {
            discardAll()
            throw Self.ledgerError(error)
        }

        let submittedAt = Timestamp.string(now)
        let tip: Tip
        do {
            tip = try change(actor: Self.publicActor) { tx in
                let taken = Set(try tx.all(Tip.self).map(\.trackingNumber))
                var number = TrackingNumber.random()
                while taken.contains(number) { number = TrackingNumber.random() }
                var tip = Tip(
                    trackingNumber: number, submittedAt: submittedAt, lon: point.x, lat: point.y, locationSource: submission.locationSource,
                    description: description, photos: photos, nearestOutfallID: nearest?.id, nearestDistanceM: nearest.map { ($0.distance * 10).rounded() / 10 })
                let ref = try tx.create(&tip, action: "tip.submit", reason: "群众举报（查询码 \(number)）")
                // Its own kind and no related outfall: no outfall history or tip page shows it.
                let identity = TipIdentity(id: tip.id, name: name, phone: phone, address: String(submission.address.prefix(100)))
                try tx.save(identity, action: "tip.identity")
                for (photo, file) in zip(photos, staged) {
                    var record = AttachmentRecord(
                        sha256: photo.sha256, fileName: "举报照片.\(file.mediaType.fileExtension)", mediaType: photo.mediaType, byteCount: photo.byteCount,
                        takenAt: photo.takenAt, lon: photo.lon, lat: photo.lat, width: photo.width, height: photo.height, owner: ref, caption: "举报照片")
                    try tx.create(&record, action: "attach", reason: "举报照片", related: [ref])
                }
                return tip
            }
        } catch {
            discardAll()
            throw error
        }
        for s in staged { try? store.publish(s) }
        _ = store.publishThumbnails(thumbnails)
        return tip
    }

    /// The tracking page's view of a tip, by its number (as typed); nil when there is none.
    public func publicTipStatus(trackingNumber text: String) throws(LedgerError) -> PublicTipStatus? {
        guard let number = TrackingNumber.normalized(text) else { return nil }
        guard let tip = try entities(Tip.self).first(where: { $0.trackingNumber == number }) else { return nil }
        return PublicTipStatus(
            trackingNumber: tip.trackingNumber, state: tip.state, submitted: ChinaTime.display(tip.submittedAt),
            answer: tip.state.isClosed ? tip.answer : nil)
    }

    /// Every tip, newest first (no identities).
    public func tips() throws(LedgerError) -> [Tip] {
        try entities(Tip.self).sorted { ($0.id ?? 0) > ($1.id ?? 0) }
    }

    /// One tip by id or tracking number.
    public func tip(_ reference: String) throws(LedgerError) -> Tip {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        let all = try entities(Tip.self)
        if let id = Int64(trimmed.hasPrefix("#") ? String(trimmed.dropFirst()) : trimmed), let found = all.first(where: { $0.id == id }) { return found }
        if let number = TrackingNumber.normalized(trimmed), let found = all.first(where: { $0.trackingNumber == number }) { return found }
        throw .notFound(Tip.kind, reference)
    }

    /// Who sent the tip — only for a role that may handle tips (举报受理员, 管理员); anyone else is refused.
    public func tipIdentity(of tipID: Int64, for role: Role) throws(LedgerError) -> TipIdentity? {
        guard role.can(.handleTips) else {
            throw .refused(subject: "举报人信息", reason: "只有举报受理员可以查看（当前：\(role.label)）(handlers only)")
        }
        return try entity(TipIdentity.self, id: tipID)
    }

    /// Moves a tip to `target` (verifying, resolved, rejected) through ``TipState/after(_:facts:)``.
    /// `answer` is the published answer; `confirm` marks it true (情况属实), which adds an abnormal
    /// reason (source `tip`) to the linked outfall — `outfall`, or the nearest one — in the same
    /// transaction. Only a role that may handle tips.
    @discardableResult
    public func advanceTip(
        _ reference: String, to target: TipState, answer: String? = nil, outfall: String? = nil, confirm: Bool = false, note: String? = nil,
        actor: String, role: Role
    ) throws(LedgerError) -> Tip {
        guard role.can(.handleTips) else {
            throw .refused(subject: "举报", reason: "只有举报受理员可以处理（当前：\(role.label)）(handlers only)")
        }
        let current = try tip(reference)
        guard let id = current.id else { throw .notFound(Tip.kind, reference) }
        let answer = try Self.optionalText(answer, field: "公开答复", limit: 2_000)
        let note = try Self.optionalText(note, field: "说明", limit: 2_000)
        var linked = current.outfallID
        if let outfall, !outfall.trimmingCharacters(in: .whitespaces).isEmpty {
            linked = try self.outfall(outfall).id
        } else if confirm, linked == nil {
            linked = current.nearestOutfallID
        }
        let event: TipEvent
        switch target {
        case .verifying: event = current.state.isClosed ? .reopen : .verify
        case .resolved: event = .resolve
        case .rejected: event = .reject
        case .received: throw .illegalTransition(entity: "举报 #\(id)", from: current.state.label, event: target.label, reason: "不能回到已收到")
        }
        let facts = TipFacts(hasAnswer: answer != nil, confirmed: confirm, hasOutfall: linked != nil, hasReason: note != nil)
        return try change(actor: actor) { tx in
            guard var tip = try tx.load(Tip.self, id: id) else { throw LedgerError.notFound(Tip.kind, String(id)) }
            switch tip.state.after(event, facts: facts) {
            case .failure(let refusal):
                throw LedgerError.illegalTransition(entity: "举报 #\(id)", from: tip.state.label, event: event.label, reason: refusal.reason)
            case .success(let next):
                tip.state = next
            }
            let ref = EntityRef(Tip.kind, id)
            tip.outfallID = linked
            switch event {
            case .resolve, .reject:
                tip.answer = answer
                tip.confirmed = confirm
            case .reopen:
                tip.answer = nil
            case .verify:
                break
            }
            if event == .resolve, confirm, let outfallID = linked, tip.abnormalReasonID == nil {
                let reason = "群众举报（查询码 \(tip.trackingNumber)）经核查属实：\(answer ?? "")"
                let entry = try Self.recordAbnormal(in: tx, outfallID: outfallID, reason: String(reason.prefix(2_000)), source: .tip, related: [ref])
                tip.abnormalReasonID = entry.id
            }
            let related = linked.map { [EntityRef(.layer("outfalls"), $0)] } ?? []
            try tx.save(tip, action: "tip.\(event.rawValue)", reason: note ?? answer, related: related)
            return tip
        }
    }

    /// The nearest outfall to `point` and its geodesic distance, metres.
    func nearestOutfall(to point: Coordinate) throws(LedgerError) -> (id: Int64, distance: Double)? {
        let outfalls: [Outfall]
        do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw .storage("\(error)") }
        return outfalls.compactMap { o -> (id: Int64, distance: Double)? in
            guard let id = o.id, o.location.x.isFinite else { return nil }
            return (id, Geodesic.cgcs2000.distance(point, o.location))
        }.min { $0.distance < $1.distance }
    }

    static func optionalText(_ value: String?, field: String, limit: Int) throws(LedgerError) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try text(value, field: field, limit: limit)
    }
}
