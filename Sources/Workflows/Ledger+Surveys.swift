import Attachments
import Digest
import Foundation
import GeoKit
import JSON
import LayerFormats
import OutfallModel
import Registry
import RegistryStore
import Supervision
import ZipArchive

/// Where the photos named in a survey sheet are: a folder, or a ZIP archive (checked for
/// path tricks and bombs before anything is read from it).
public enum SurveyPhotoSource: Sendable, Equatable {
    case folder(String)
    case zip(String)

    /// A folder, or a `.zip` file.
    public static func at(_ path: String) -> SurveyPhotoSource {
        path.lowercased().hasSuffix(".zip") ? .zip(path) : .folder(path)
    }
}

/// What makes a photo suspicious on review (a county setting; defaults from the issue).
public struct SurveyPhotoChecks: Sendable {
    /// A photo whose GPS lies farther than this (geodesic metres) from the record's point is flagged.
    public var maxDistanceMetres: Double
    /// A photo taken more than this many days from the survey date is flagged.
    public var maxDays: Int

    public init(maxDistanceMetres: Double = 100, maxDays: Int = 3) {
        self.maxDistanceMetres = maxDistanceMetres
        self.maxDays = maxDays
    }
}

/// What a survey import did.
public struct SurveyImportReport: Sendable {
    public var fileName: String
    /// The records created or resubmitted, in sheet order.
    public var surveyIDs: [Int64]
    public var resubmitted: Int
    public var photos: Int
    public var flagged: Int
    /// Photos committed but not yet moved into place (published at the next opening).
    public var publishProblems: [String]
}

extension Ledger {
    /// Imports a field survey sheet (CSV or XLSX made from ``SurveySheet``) and the photos it
    /// names, all or nothing: every row is checked and every photo streamed into staging
    /// (type, size, pixel dimensions, EXIF) first; then the records, their photos'
    /// ``AttachmentRecord``s and their history go in one transaction; only then are the
    /// photos published. On any refusal the database and the attachment folder are as they
    /// were. Each record starts 待审核; a record whose number was returned before is
    /// resubmitted (退回 → 待审核).
    public func importSurveys(
        sheet path: String, photos source: SurveyPhotoSource?, actor: String, checks: SurveyPhotoChecks = SurveyPhotoChecks()
    ) throws(LedgerError) -> SurveyImportReport {
        do { return try importSurveysOnce(sheet: path, photos: source, actor: actor, checks: checks) } catch { throw error.nothingWritten }
    }

    private func importSurveysOnce(
        sheet path: String, photos source: SurveyPhotoSource?, actor: String, checks: SurveyPhotoChecks
    ) throws(LedgerError) -> SurveyImportReport {
        let fileName = (path as NSString).lastPathComponent
        let (features, sha) = try readSheet(path: path, fileName: fileName)
        var problems: [String] = []
        var rows: [SurveyRow] = []
        for feature in features {
            switch SurveyRow.read(feature) {
            case .success(let row): rows.append(row)
            case .failure(let refused): problems.append("\(feature.position)：\(refused.reasons.joined(separator: "；"))")
            }
        }
        guard rows.count + problems.count <= SurveySheet.maxRows else {
            throw .refused(subject: fileName, reason: "超过 \(SurveySheet.maxRows) 行，请分批导入 (too many rows)")
        }

        // A ZIP of photos is vetted (paths leaving the archive, bombs) before anything else.
        let zip: ZipArchiveFile?
        if case .zip(let zipPath) = source {
            do { zip = try ZipArchiveFile(path: zipPath) } catch {
                throw .refused(subject: fileName, reason: "照片压缩包“\((zipPath as NSString).lastPathComponent)”：\(error)")
            }
        } else {
            zip = nil
        }

        // What the registry already holds, to resolve suspects, outfalls and earlier imports.
        let suspects = try read { reader in try reader.documents(.suspect).map { stored throws(LedgerError) in try Suspect.decode(stored) } }
        let earlier = try read { reader in try reader.documents(.survey).map { stored throws(LedgerError) in try SurveyRecord.decode(stored) } }
        let outfalls: [Outfall]
        do { outfalls = try registry.store.fetchAll(Outfall.self) } catch { throw Self.ledgerError(error) }
        let earlierByNumber = Dictionary(earlier.map { ($0.recordNumber, $0) }, uniquingKeysWith: { a, _ in a })
        var firstLine: [String: FeaturePosition] = [:]
        var resolved: [(row: SurveyRow, previous: SurveyRecord?)] = []
        for var row in rows {
            var reasons: [String] = []
            if let first = firstLine[row.record.recordNumber] {
                reasons.append("记录编号“\(row.record.recordNumber)”与\(first)重复 (duplicate record number)")
            } else {
                firstLine[row.record.recordNumber] = row.position
            }
            if let problem = registry.settings.region.problem(with: Coordinate(lon: row.record.lon, lat: row.record.lat)) {
                reasons.append("坐标 \(row.record.lon), \(row.record.lat) 不在配置区域内：\(problem)")
            }
            if let reference = row.suspectReference {
                switch Self.suspect(reference, in: suspects) {
                case .success(let suspect): row.record.suspectID = suspect.id
                case .failure(let refused): reasons += refused.reasons
                }
            }
            if let code = row.record.nationalCode, let outfall = outfalls.first(where: { $0.nationalCode == code }) {
                row.record.outfallID = outfall.id
            }
            let previous = earlierByNumber[row.record.recordNumber]
            if let previous, case .failure(let refusal) = previous.review.after(.resubmit) {
                reasons.append("记录编号“\(row.record.recordNumber)”已导入（\(previous.review.label)）：\(refusal.reason)")
            }
            for photo in row.photos where !Self.photoExists(photo.fileName, in: source, zip: zip) {
                reasons.append(source == nil
                    ? "“\(photo.caption)”填了照片“\(photo.fileName)”，但没有给出 --photos 目录或 ZIP"
                    : "“\(photo.caption)”的照片“\(photo.fileName)”在照片目录/ZIP 中不存在 (photo not found)")
            }
            if reasons.isEmpty { resolved.append((row, previous)) } else { problems.append("\(row.position)：\(reasons.joined(separator: "；"))") }
        }
        guard problems.isEmpty else { throw Self.rejected(fileName, problems) }
        guard !resolved.isEmpty else { throw .refused(subject: fileName, reason: "没有记录行 (no rows)") }

        // What the sheet says against what the layers derive (township, receiving water):
        // a disagreement is flagged for the reviewer, never overwritten.
        let derivedFlags = derivedFieldFlags(resolved.map(\.row.record))

        // Photos: all staged before anything is written, under a shared staging lock held
        // until they are published (so that recovery in another process leaves them alone).
        let store = attachments
        let lock: StagingLock?
        do { lock = try StagingLock(store: store, exclusive: false, wait: true) } catch { throw Self.ledgerError(error) }
        defer { withExtendedLifetime(lock) {} }
        let folderExisted = FileManager.default.fileExists(atPath: store.directory)
        var staged: [StagedAttachment] = []
        var thumbnails: [(sha256: String, path: String)] = []
        var records: [(row: SurveyRow, previous: SurveyRecord?, photos: [AttachmentRecord])] = []
        for (index, (row, previous)) in resolved.enumerated() {
            var attachments: [AttachmentRecord] = []
            var flags: [String] = derivedFlags[index]
            var reasons: [String] = []
            for photo in row.photos {
                do {
                    let file = try stagePhoto(photo.fileName, from: source, zip: zip, store: store)
                    staged.append(file)
                    let (attachment, photoFlags) = try inspect(file, caption: photo.caption, record: row.record, checks: checks, store: store)
                    // A JPEG libjpeg cannot decode is refused here, with the thumbnail pages will show.
                    if file.mediaType == .jpeg { thumbnails.append((file.sha256, try store.stageThumbnail(of: file))) }
                    attachments.append(attachment)
                    flags += photoFlags
                } catch {
                    reasons.append("“\(photo.caption)”：\(error)")
                }
            }
            if reasons.isEmpty {
                var r = row
                r.record.flags = flags
                r.record.photos = attachments.map { SurveyPhoto(caption: $0.caption ?? "", sha256: $0.sha256, fileName: $0.fileName) }
                records.append((r, previous, attachments))
            } else {
                problems.append("\(row.position)：\(reasons.joined(separator: "；"))")
            }
        }
        guard problems.isEmpty else {
            store.discardThumbnails(thumbnails.map(\.path))
            store.discard(staged, removeEmptyDirectory: !folderExisted)
            throw Self.rejected(fileName, problems)
        }

        let importedFrom = "\(fileName) (SHA-256 \(sha))"
        var report = SurveyImportReport(fileName: fileName, surveyIDs: [], resubmitted: 0, photos: staged.count, flagged: 0, publishProblems: [])
        do {
            report = try change(actor: actor) { tx in
                var report = report
                for (row, previous, photos) in records {
                    var record = row.record
                    record.importedFrom = importedFrom
                    let ref: EntityRef
                    if let previous, let id = previous.id, case .success(let state) = previous.review.after(.resubmit) {
                        record.id = id
                        record.review = state
                        record.reviewNote = nil
                        try tx.save(record, action: "resubmit", reason: "重新提交 \(importedFrom)")
                        ref = EntityRef(.survey, id)
                        report.resubmitted += 1
                    } else {
                        ref = try tx.create(&record, action: "import", reason: "导入 \(importedFrom)", related: record.suspectID.map { [EntityRef(.suspect, $0)] } ?? [])
                    }
                    for var photo in photos {
                        photo.owner = ref
                        try tx.create(&photo, action: "attach", reason: photo.caption, related: [ref])
                    }
                    if !record.flags.isEmpty { report.flagged += 1 }
                    report.surveyIDs.append(ref.id)
                }
                return report
            }
        } catch {
            store.discardThumbnails(thumbnails.map(\.path))
            store.discard(staged, removeEmptyDirectory: !folderExisted)
            throw error
        }
        report.publishProblems = store.publishThumbnails(thumbnails) + store.publish(staged).map(\.description)
        return report
    }

    /// Survey records, optionally in one review state, in id order.
    public func surveys(state: ReviewState? = nil) throws(LedgerError) -> [SurveyRecord] {
        let all = try read { reader in try reader.documents(.survey).map { stored throws(LedgerError) in try SurveyRecord.decode(stored) } }
        return state.map { wanted in all.filter { $0.review == wanted } } ?? all
    }

    public func survey(_ id: Int64) throws(LedgerError) -> SurveyRecord {
        let found = try read { reader in try reader.document(EntityRef(.survey, id)).map { stored throws(LedgerError) in try SurveyRecord.decode(stored) } }
        guard let found else { throw .notFound(.survey, String(id)) }
        return found
    }

    /// The attachment records owned by `ref` (a survey's photos), in id order.
    public func attachments(of ref: EntityRef) throws(LedgerError) -> [AttachmentRecord] {
        try read { reader in
            try reader.documents(.attachment).map { stored throws(LedgerError) in try AttachmentRecord.decode(stored) }.filter { $0.owner == ref }
        }
    }

    /// Finishes what a crash interrupted in the attachment folder: staged files the ledger
    /// refers to are published, the rest deleted. Call when opening the ledger for writing.
    @discardableResult
    public func recoverAttachments() throws(LedgerError) -> (published: Int, deleted: Int) {
        // Referenced: by an attachment record, or by a survey's photo list (both are written in
        // the same transaction; either one is enough to keep the file).
        let referenced = try read { reader in
            var shas = Set(try reader.documents(.attachment).map { stored throws(LedgerError) in try AttachmentRecord.decode(stored).sha256 })
            for stored in try reader.documents(.survey) { shas.formUnion(try SurveyRecord.decode(stored).photos.map(\.sha256)) }
            return shas
        }
        do { return try attachments.recover { referenced.contains($0) } } catch { throw Self.ledgerError(error) }
    }

    // MARK: - Steps

    private func readSheet(path: String, fileName: String) throws(LedgerError) -> (features: [RawFeature], sha256: String) {
        let lower = path.lowercased()
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".xlsx") else {
            throw .refused(subject: fileName, reason: "排查记录表应为 .csv 或 .xlsx 文件（用 outfalls survey template 生成模板）")
        }
        let size = try Self.fileSize(path, fileName: fileName)
        guard size <= 50 * 1024 * 1024 else { throw .refused(subject: fileName, reason: "文件超过 50 MiB (too large)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .refused(subject: fileName, reason: "文件无法读取 (cannot read)") }
        let bytes = [UInt8](data)
        guard let reader = LayerFormats.reader(forFile: path) else { throw .refused(subject: fileName, reason: "不支持的文件格式") }
        let file: LayerFile
        do { file = try reader.read(InputFile(path: path, bytes: bytes), options: ReadOptions(xColumn: "经度", yColumn: "纬度")) } catch {
            throw .refused(subject: fileName, reason: "\(error)")
        }
        let headers = Set(file.features.first?.properties.map(\.key) ?? [])
        let missing = SurveySheet.columns.filter { $0.required && $0.header != "经度" && $0.header != "纬度" && !headers.contains($0.header) }
        if !file.features.isEmpty, !missing.isEmpty {
            throw .refused(subject: fileName, reason: "缺少必需列：\(missing.map(\.header).joined(separator: "、"))（请用 outfalls survey template 生成的表头） (missing columns)")
        }
        let problems = file.problems.map { "\($0.position)：\($0.reason)" }
        guard problems.isEmpty else { throw Self.rejected(fileName, problems) }
        return (file.features, SHA256.hex(bytes))
    }

    static func rejected(_ fileName: String, _ problems: [String]) -> LedgerError {
        let listed = problems.prefix(50).joined(separator: "\n  ")
        let more = problems.count > 50 ? "\n  …共 \(problems.count) 处问题" : ""
        return .refused(subject: fileName, reason: "\(problems.count) 处问题：\n  \(listed)\(more)")
    }

    /// The suspect a sheet names by id or by the interpreter's number; an ambiguous or unknown reference is refused.
    static func suspect(_ reference: String, in suspects: [Suspect]) -> Result<Suspect, RowProblems> {
        let bySource = suspects.filter { $0.sourceNumber == reference }
        let byID = Int64(reference).flatMap { id in suspects.first { $0.id == id } }
        switch (bySource.count, byID) {
        case (1, nil): return .success(bySource[0])
        case (1, let s?) where s.id == bySource[0].id: return .success(s)
        case (0, let s?): return .success(s)
        case (0, nil): return .failure(RowProblems(reasons: ["没有疑似点“\(reference)”（按 ID 或来源编号；见 outfalls suspects list）"]))
        default: return .failure(RowProblems(reasons: ["疑似点“\(reference)”同时对应多个疑似点（ID 与来源编号），请写 ID"]))
        }
    }

    static func photoExists(_ name: String, in source: SurveyPhotoSource?, zip: ZipArchiveFile?) -> Bool {
        switch source {
        case nil: return false
        case .folder(let folder)?:
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory) && !isDirectory.boolValue
        case .zip?:
            guard let zip else { return false }
            return zip.entries.contains { ($0.name as NSString).lastPathComponent == name && !$0.name.hasSuffix("/") }
        }
    }

    private func stagePhoto(_ name: String, from source: SurveyPhotoSource?, zip: ZipArchiveFile?, store: AttachmentStore) throws -> StagedAttachment {
        switch source {
        case nil: throw AttachmentError.unreadable(file: name, reason: "没有照片目录")
        case .folder(let folder)?: return try store.stage(contentsOf: folder + "/" + name, fileName: name)
        case .zip?:
            guard let zip else { throw AttachmentError.unreadable(file: name, reason: "ZIP 无法读取") }
            let matches = zip.entries.filter { ($0.name as NSString).lastPathComponent == name && !$0.name.hasSuffix("/") }
            guard let entry = matches.first else { throw AttachmentError.unreadable(file: name, reason: "ZIP 中没有此文件") }
            guard matches.count == 1 else { throw AttachmentError.unreadable(file: name, reason: "ZIP 中有多个同名文件，请改名") }
            // ZipArchiveFile pushes pieces; the store pulls them. The pieces of one photo are
            // collected up to the store's size limit (checked before inflating further).
            var pieces: [[UInt8]] = []
            var total: Int64 = 0
            try zip.stream(entry) { piece in
                total += Int64(piece.count)
                if total > store.limits.maxBytes { throw AttachmentError.tooLarge(file: name, bytes: total, limit: store.limits.maxBytes) }
                pieces.append(piece)
            }
            var index = 0
            return try store.stage(fileName: name) { () throws(AttachmentError) -> [UInt8]? in
                guard index < pieces.count else { return nil }
                defer { index += 1 }
                return pieces[index]
            }
        }
    }

    /// Checks a staged photo (pixel size under the limits, from its header) and reads its
    /// EXIF; returns its record and the flags it raises on the survey record.
    private func inspect(_ file: StagedAttachment, caption: String, record: SurveyRecord, checks: SurveyPhotoChecks, store: AttachmentStore)
        throws -> (AttachmentRecord, [String])
    {
        guard file.mediaType.isImage else { throw AttachmentError.badImage(file: file.fileName, reason: "PDF 不能作为现场照片") }
        let header = try ImageHeader.read(path: file.stagedPath, type: file.mediaType, fileName: file.fileName)
        if let problem = header.problem(under: store.limits) { throw AttachmentError.badImage(file: file.fileName, reason: problem) }
        let metadata = file.mediaType == .jpeg ? PhotoMetadata.read(path: file.stagedPath) : .none
        var flags: [String] = []
        let label = "照片“\(caption)”（\(file.fileName)）"
        if let lat = metadata.latitude, let lon = metadata.longitude {
            let distance = Geodesic.cgcs2000.distance(Coordinate(lon: lon, lat: lat), Coordinate(lon: record.lon, lat: record.lat))
            if distance > checks.maxDistanceMetres {
                flags.append("\(label)的 GPS 位置距记录坐标 \(Int(distance.rounded())) 米，超过 \(JSONWriter.format(number: checks.maxDistanceMetres)) 米 (photo far from the point)")
            }
        } else {
            flags.append("\(label)没有可读的 GPS 位置，无法核对拍摄地点 (no GPS)")
        }
        if let taken = metadata.takenAt {
            if let days = Self.daysBetween(String(taken.prefix(10)), record.surveyedOn), abs(days) > checks.maxDays {
                flags.append("\(label)拍摄于 \(taken)，与调查日期 \(record.surveyedOn) 相差 \(abs(days)) 天，超过 \(checks.maxDays) 天 (photo time off)")
            }
        } else {
            flags.append("\(label)没有可读的拍摄时间，无法核对 (no time)")
        }
        let attachment = AttachmentRecord(
            sha256: file.sha256, fileName: file.fileName, mediaType: file.mediaType.rawValue, byteCount: file.byteCount, takenAt: metadata.takenAt,
            lon: metadata.longitude, lat: metadata.latitude, width: header.width, height: header.height, caption: caption)
        return (attachment, flags)
    }

    /// For each record, where its 乡镇 and 受纳水体 disagree with the areas layer and the snap.
    /// If the layers cannot be consulted, each record says so rather than passing unchecked.
    private func derivedFieldFlags(_ records: [SurveyRecord]) -> [[String]] {
        let placements: [PointPlacement]
        do {
            placements = try self.placements(of: records.map { Coordinate(lon: $0.lon, lat: $0.lat) })
        } catch {
            return records.map { _ in ["无法按图层核对乡镇与受纳水体：\(error) (layers not consulted)"] }
        }
        return zip(records, placements).map { record, placement in
            var flags: [String] = []
            if let written = record.township, let derived = placement.township, !derived.hasPrefix(written), !written.hasPrefix(derived) {
                flags.append("乡镇填写为“\(written)”，按行政区图层该点位于“\(derived)” (township differs from the areas layer)")
            }
            if let written = record.receivingWater, placement.isSnapped, let river = placement.river, river != written, !river.hasPrefix(written) {
                flags.append("受纳水体填写为“\(written)”，该点吸附到“\(river)” (receiving water differs from the snap)")
            }
            return flags
        }
    }

    /// Whole days from `a` to `b` (both `YYYY-MM-DD`).
    static func daysBetween(_ a: String, _ b: String) -> Int? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyy-MM-dd"
        guard let x = formatter.date(from: a), let y = formatter.date(from: b) else { return nil }
        return Int((y.timeIntervalSince(x) / 86_400).rounded())
    }
}

extension LedgerError {
    /// A refused import says that nothing was written (the house phrase of every importer).
    var nothingWritten: LedgerError {
        guard case .refused(let subject, let reason) = self else { return self }
        return .refused(subject: subject, reason: reason + "\n未写入任何数据 (nothing was written)")
    }
}
