import Attachments
import Foundation
import OutfallModel
import Registry
import RegistryStore
import Supervision

/// What a person asks a draw for.
public struct DrawRequest: Sendable {
    public var title: String
    public var seed: String
    public var objectCount: Int?
    public var objectPercent: Int?
    public var inspectorsPerObject: Int
    /// Empty: the plan's default (工矿企业, 园区污水处理厂, 城镇污水处理厂 outfalls).
    public var types: [OutfallType]
    /// Empty: in use (在用, 整治中).
    public var statuses: [OutfallStatus]
    /// Risk factor → weight.
    public var weights: [InspectionRiskFactor: Double]

    public init(
        title: String, seed: String, objectCount: Int? = nil, objectPercent: Int? = nil, inspectorsPerObject: Int, types: [OutfallType] = [],
        statuses: [OutfallStatus] = [], weights: [InspectionRiskFactor: Double] = [:]
    ) {
        self.title = title
        self.seed = seed
        self.objectCount = objectCount
        self.objectPercent = objectPercent
        self.inspectorsPerObject = inspectorsPerObject
        self.types = types
        self.statuses = statuses
        self.weights = weights
    }
}

/// 双随机一公开: the two registers, the draw from a published seed, results per object (a
/// problem feeds the abnormal set), publication, and the inspector ↔ unit conflicts list.
extension Ledger {
    /// The plan's default inspection objects.
    public static let defaultInspectionTypes: [OutfallType] = [.industrialEnterprise, .industrialParkWWTP, .urbanWWTP]
    public static let defaultInspectionStatuses: [OutfallStatus] = [.active, .remediating]
    public static let maxObjectsPerDraw = 10_000
    public static let maxInspectorsPerObject = 20

    // MARK: Registers

    /// 检查对象名录: outfalls of `types` in `statuses`, by id, with township, unit and weight.
    public func inspectionObjects(
        types: [OutfallType], statuses: [OutfallStatus], weights: [InspectionRiskFactor: Double]
    ) throws(LedgerError) -> [DrawObject] {
        var filter = OutfallFilter()
        filter.types = types.isEmpty ? Self.defaultInspectionTypes : types
        filter.statuses = statuses.isEmpty ? Self.defaultInspectionStatuses : statuses
        let listings = try registryCall { try registry.outfalls(matching: filter) }
        let factors = try weights.isEmpty ? [:] : riskFactors()
        var objects: [DrawObject] = []
        var noTownship: [String] = []
        for listing in listings {
            guard let id = listing.outfall.id else { continue }
            guard let township = listing.township, !township.isEmpty else {
                noTownship.append("#\(id) \(listing.outfall.name)")
                continue
            }
            let applying = InspectionRiskFactor.allCases.filter { weights[$0] != nil && factors[id, default: []].contains($0) }
            let weight = applying.compactMap { weights[$0] }.max() ?? 1
            let o = listing.outfall
            objects.append(DrawObject(
                outfallID: id, code: o.localCode ?? o.nationalCode ?? o.key, name: o.name, type: o.type.rawValue, township: township,
                unit: Self.publicOrganisation(o), factors: applying.map(\.rawValue), weight: weight))
        }
        // The township rule cannot be checked for an object outside every township polygon:
        // refused rather than drawn without it.
        guard noTownship.isEmpty else {
            throw .refused(
                subject: "检查对象名录", reason: "以下排污口不在任何乡镇范围内，无法执行属地回避：" + noTownship.prefix(10).joined(separator: "、") + "；请补全行政区图层")
        }
        return objects.sorted { $0.outfallID < $1.outfallID }
    }

    /// 执法检查人员名录: enabled accounts with the inspector role, by username, with their
    /// township ("" for county staff, 全县, who have no own township to keep out of).
    public func inspectionInspectors() throws(LedgerError) -> [DrawInspector] {
        let users = try registryCall { try registry.users() }.filter { $0.role == .inspector && !$0.disabled }
        return users.sorted { $0.username < $1.username }.map { user in
            DrawInspector(username: user.username, township: user.township?.trimmingCharacters(in: .whitespaces) ?? "", department: user.department)
        }
    }

    /// Which risk factors apply to each outfall now.
    func riskFactors() throws(LedgerError) -> [Int64: Set<InspectionRiskFactor>] {
        var result: [Int64: Set<InspectionRiskFactor>] = [:]
        for (id, reasons) in try manualAbnormalReasons() {
            result[id, default: []].insert(.abnormal)
            // Tips add reasons with source "tip" (the public site's part); matched by name.
            if reasons.contains(where: { $0.source.rawValue == "tip" }) { result[id, default: []].insert(.complaint) }
        }
        for item in try derivedAbnormalOutfalls().outfalls {
            guard let id = item.outfall.id else { continue }
            if item.isAbnormal { result[id, default: []].insert(.abnormal) }
            if item.reasons.contains(where: { $0.kind == .exceedance && $0.state != .dismissed }) { result[id, default: []].insert(.exceedance) }
        }
        return result
    }

    /// Inspector ↔ object pairs the conflicts list keeps apart: each link's unit, and the
    /// outfalls that unit's permit, channels or traces lead to, or that name it as responsible.
    func unitExclusions(objects: [DrawObject]) throws(LedgerError) -> [DrawExclusion] {
        let conflicts = try entities(InspectionConflict.self)
        guard !conflicts.isEmpty else { return [] }
        let units = Dictionary(uniqueKeysWithValues: try self.units().compactMap { u in u.id.map { ($0, u) } })
        // The registered responsible party, which the published register may leave out.
        var responsible: [Int64: String] = [:]
        do {
            for o in try registry.store.fetchAll(Outfall.self) { if let id = o.id, let r = o.responsible { responsible[id] = r } }
        } catch { throw .storage("\(error)") }
        var result: [DrawExclusion] = []
        for conflict in conflicts {
            guard let unit = units[conflict.unitID] else {
                throw .refused(subject: "回避名单 #\(conflict.id ?? 0)", reason: "排污单位 #\(conflict.unitID) 已不存在；请先删除这条回避 (unit gone)")
            }
            var outfallIDs = Set(unit.permittedOutfallIDs)
            outfallIDs.formUnion(try chain(unit: String(conflict.unitID)).links.compactMap(\.outfall.id))
            for object in objects where outfallIDs.contains(object.outfallID) || responsible[object.outfallID] == unit.name {
                result.append(DrawExclusion(outfallID: object.outfallID, username: conflict.username, reason: .unit, unit: unit.name))
            }
        }
        return result
    }

    // MARK: Draw

    /// Draws, stores and returns a draw; refused (nothing stored) when it cannot be drawn in full.
    public func drawInspections(_ request: DrawRequest, actor: String) throws(LedgerError) -> InspectionDraw {
        let title = try Self.text(request.title, field: "抽查任务名称 (--title)", limit: 200)
        if let problem = DrawAlgorithm.seedProblem(request.seed) { throw .refused(subject: "种子 (--seed)", reason: problem) }
        switch (request.objectCount, request.objectPercent) {
        case (let n?, nil):
            guard (1...Self.maxObjectsPerDraw).contains(n) else { throw .refused(subject: "--objects", reason: "应为 1–\(Self.maxObjectsPerDraw) 个") }
        case (nil, let p?):
            guard (1...100).contains(p) else { throw .refused(subject: "--objects", reason: "百分比应为 1%–100%") }
        default:
            throw .refused(subject: "--objects", reason: "请给出抽取数量 N 或比例 P% (give N or P%)")
        }
        guard (1...Self.maxInspectorsPerObject).contains(request.inspectorsPerObject) else {
            throw .refused(subject: "--inspectors", reason: "每个对象应抽 1–\(Self.maxInspectorsPerObject) 名检查人员")
        }
        for (factor, weight) in request.weights where !(weight.isFinite && weight >= 1 && weight <= DrawAlgorithm.maxWeight) {
            throw .refused(subject: "--weights \(factor.rawValue)", reason: "权重应在 1–\(Int(DrawAlgorithm.maxWeight)) 之间，收到 \(weight)")
        }
        let types = request.types.isEmpty ? Self.defaultInspectionTypes : request.types
        let statuses = request.statuses.isEmpty ? Self.defaultInspectionStatuses : request.statuses
        let objects = try inspectionObjects(types: types, statuses: statuses, weights: request.weights)
        guard !objects.isEmpty else { throw .refused(subject: "检查对象名录", reason: "所选类型和状态下没有排污口 (empty register)") }
        let inspectors = try inspectionInspectors()
        guard !inspectors.isEmpty else {
            throw .refused(subject: "检查人员名录", reason: "没有启用的排查员账号：outfalls user add 名字 --role inspector --township 乡镇 (no inspectors)")
        }
        let exclusions = DrawAlgorithm.exclusions(objects: objects, inspectors: inspectors, unitLinks: try unitExclusions(objects: objects))
        let parameters = DrawParameters(
            objectCount: request.objectCount, objectPercent: request.objectPercent, inspectorsPerObject: request.inspectorsPerObject,
            types: types.map(\.rawValue), statuses: statuses.map(\.rawValue),
            weights: Dictionary(uniqueKeysWithValues: request.weights.map { ($0.key.rawValue, $0.value) }))
        let picks = try DrawAlgorithm.draw(seed: request.seed, parameters: parameters, objects: objects, inspectors: inspectors, exclusions: exclusions)
        return try change(actor: actor) { tx in
            var draw = InspectionDraw(
                title: title, seed: request.seed, parameters: parameters, objects: objects, inspectors: inspectors, exclusions: exclusions,
                picks: picks, drawnAt: tx.recordedAt, drawnBy: actor)
            try tx.create(&draw, action: "inspection.draw", related: picks.map { EntityRef(.layer("outfalls"), $0.outfallID) })
            return draw
        }
    }

    public func inspectionDraws() throws(LedgerError) -> [InspectionDraw] { try entities(InspectionDraw.self) }

    public func inspectionDraw(_ id: Int64) throws(LedgerError) -> InspectionDraw {
        guard let draw = try entity(InspectionDraw.self, id: id) else { throw .notFound(InspectionDraw.kind, String(id)) }
        return draw
    }

    /// 公开 a draw: it goes on the public site with its seed, registers and results.
    @discardableResult
    public func publishDraw(_ id: Int64, actor: String) throws(LedgerError) -> InspectionDraw {
        try step(id, .publish, reason: nil, actor: actor)
    }

    /// 作废 a draw not yet published, with the reason.
    @discardableResult
    public func voidDraw(_ id: Int64, reason: String, actor: String) throws(LedgerError) -> InspectionDraw {
        try step(id, .void, reason: try Self.text(reason, field: "作废原因 (--reason)", limit: 2_000), actor: actor)
    }

    private func step(_ id: Int64, _ event: DrawState.Event, reason: String?, actor: String) throws(LedgerError) -> InspectionDraw {
        try change(actor: actor) { tx in
            guard var draw = try tx.load(InspectionDraw.self, id: id) else { throw LedgerError.notFound(InspectionDraw.kind, String(id)) }
            switch draw.state.after(event) {
            case .failure(let refusal):
                throw LedgerError.illegalTransition(entity: "抽查 #\(id)", from: draw.state.label, event: event.label, reason: refusal.reason)
            case .success(let next):
                draw.state = next
            }
            if event == .publish { draw.publishedAt = tx.recordedAt }
            if event == .void { draw.voidReason = reason }
            try tx.save(draw, action: "inspection.\(event.rawValue)", reason: reason)
            return draw
        }
    }

    // MARK: Results

    /// Records what was found at one drawn object. The recorder (`inspector`, default the
    /// actor) must be one of the inspectors drawn for it; photos are stored as attachments; a
    /// problem adds a confirmed abnormal reason (source "inspection") in the same transaction.
    public func recordInspectionResult(
        draw drawID: Int64, outfall text: String, finding: String, problem: Bool, samples: String?, photos: [String],
        inspector: String?, date: String?, actor: String
    ) throws(LedgerError) -> InspectionResult {
        let finding = try Self.text(finding, field: "检查情况 (--finding)", limit: 2_000)
        let samples = try samples.map { s throws(LedgerError) in try Self.text(s, field: "采样 (--samples)", limit: 200) }
        guard photos.count <= 20 else { throw .refused(subject: "--photo", reason: "一次最多 20 张照片") }
        let draw = try inspectionDraw(drawID)
        let outfall = try self.outfall(text)
        guard let outfallID = outfall.id, let pick = draw.pick(outfallID: outfallID) else {
            throw .refused(subject: "排污口“\(outfall.name)”", reason: "不在抽查 #\(drawID) 抽中的对象中 (not drawn)")
        }
        let who = inspector ?? actor
        guard pick.inspectors.contains(who) else {
            throw .refused(
                subject: "检查人员 \(who)", reason: "不是抽查 #\(drawID) 为该对象抽中的检查人员（\(pick.inspectors.joined(separator: "、"))）；请用 --inspector 指明")
        }
        let day = date ?? ChinaTime.date(Timestamp.now()) ?? ""
        guard Self.isDate(day) else { throw .refused(subject: "检查日期 (--date)", reason: "应为日期 YYYY-MM-DD，收到“\(day)”") }
        if case .failure(let refusal) = draw.state.after(.recordResult) {
            throw .illegalTransition(entity: "抽查 #\(drawID)", from: draw.state.label, event: DrawState.Event.recordResult.label, reason: refusal.reason)
        }
        let lock: StagingLock?
        do { lock = try StagingLock(store: attachments, exclusive: false, wait: true) } catch { throw Self.ledgerError(error) }
        defer { withExtendedLifetime(lock) {} }
        var staged: [StagedAttachment] = []
        do {
            for path in photos { staged.append(try attachments.stage(contentsOf: path, fileName: (path as NSString).lastPathComponent)) }
        } catch {
            for s in staged { attachments.discard(s) }
            throw Self.ledgerError(error)
        }
        let saved: InspectionResult
        do {
            saved = try change(actor: actor, at: ChinaTime.startOfDayUTC(day)) { tx in
                let outfallRef = EntityRef(.layer("outfalls"), outfallID)
                var result = InspectionResult(
                    drawID: drawID, outfallID: outfallID, finding: finding, problem: problem, samples: samples,
                    photos: staged.map { ResultPhoto(sha256: $0.sha256, fileName: $0.fileName) }, inspector: who, date: day)
                if problem {
                    var reason = AbnormalReason(outfallID: outfallID, source: .inspection, reason: "双随机抽查 #\(drawID)（\(day)）：\(finding)")
                    try tx.create(&reason, reason: finding, related: [outfallRef, EntityRef(InspectionDraw.kind, drawID)])
                    result.abnormalID = reason.id
                }
                let ref = try tx.create(&result, action: "inspection.result", related: [outfallRef, EntityRef(InspectionDraw.kind, drawID)])
                for file in staged {
                    var record = AttachmentRecord(
                        sha256: file.sha256, fileName: file.fileName, mediaType: file.mediaType.rawValue, byteCount: file.byteCount,
                        owner: ref, caption: "双随机检查照片")
                    try tx.create(&record, related: [ref])
                }
                try tx.note(EntityRef(InspectionDraw.kind, drawID), action: "inspection.record_result", reason: finding, related: [ref, outfallRef])
                return result
            }
        } catch {
            for s in staged { attachments.discard(s) }
            throw Self.ledgerError(error)
        }
        for s in staged { try? attachments.publish(s) }
        return saved
    }

    /// Results, of one draw or of all, in id order.
    public func inspectionResults(draw drawID: Int64? = nil) throws(LedgerError) -> [InspectionResult] {
        try entities(InspectionResult.self).filter { drawID == nil || $0.drawID == drawID }
    }

    // MARK: Conflicts

    /// Adds an inspector ↔ unit link to the conflicts list.
    public func addInspectionConflict(username: String, unit text: String, note: String?, actor: String) throws(LedgerError) -> InspectionConflict {
        let users = try registryCall { try registry.users() }
        guard users.contains(where: { $0.username == username }) else { throw .notFound(.user, username) }
        let unit = try self.unit(matching: text)
        guard let unitID = unit.id else { throw .notFound(.unit, text) }
        let note = try note.map { n throws(LedgerError) in try Self.text(n, field: "说明 (--note)", limit: 2_000) }
        if try entities(InspectionConflict.self).contains(where: { $0.username == username && $0.unitID == unitID }) {
            throw .refused(subject: "回避名单", reason: "\(username) 与 \(unit.name) 的关联已登记 (already listed)")
        }
        return try change(actor: actor) { tx in
            var conflict = InspectionConflict(username: username, unitID: unitID, note: note)
            try tx.create(&conflict, action: "inspection.conflict.add", reason: note, related: [EntityRef(.unit, unitID)])
            return conflict
        }
    }

    public func inspectionConflicts() throws(LedgerError) -> [InspectionConflict] { try entities(InspectionConflict.self) }

    public func removeInspectionConflict(_ id: Int64, reason: String, actor: String) throws(LedgerError) {
        let reason = try Self.text(reason, field: "删除原因 (--reason)", limit: 2_000)
        try change(actor: actor) { tx in try tx.delete(EntityRef(InspectionConflict.kind, id), reason: reason) }
    }

    // MARK: Settings

    public func inspectionSettings() throws(LedgerError) -> InspectionSettings {
        try entity(InspectionSettings.self, id: InspectionSettings.documentID) ?? InspectionSettings()
    }

    /// Changes the settings; nil leaves a value, an empty text clears it.
    @discardableResult
    public func updateInspectionSettings(
        publishInspectorNames: Bool? = nil, publicURL: String? = nil, supervisionPhone: String? = nil, actor: String
    ) throws(LedgerError) -> InspectionSettings {
        var settings = try inspectionSettings()
        if let publishInspectorNames { settings.publishInspectorNames = publishInspectorNames }
        if let publicURL {
            let url = publicURL.trimmingCharacters(in: .whitespaces)
            if url.isEmpty {
                settings.publicURL = nil
            } else {
                settings.publicURL = try Self.publicURL(url)
            }
        }
        if let supervisionPhone {
            let phone = supervisionPhone.trimmingCharacters(in: .whitespaces)
            guard phone.count <= 40, phone.allSatisfy({ $0.isNumber || "-+ ()转".contains($0) }) else {
                throw .refused(subject: "监督电话 (--phone)", reason: "应为电话号码，如 0772-7612345 (a phone number)")
            }
            settings.supervisionPhone = phone.isEmpty ? nil : phone
        }
        return try change(actor: actor) { tx in
            try tx.save(settings, action: "settings.inspection")
            return settings
        }
    }

    /// A public site address: http(s), a host, no query or fragment; without the trailing slash.
    public static func publicURL(_ text: String) throws(LedgerError) -> String {
        var url = text.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        guard url.count <= 200, let parsed = URLComponents(string: url), ["http", "https"].contains(parsed.scheme ?? ""),
            let host = parsed.host, !host.isEmpty, parsed.query == nil, parsed.fragment == nil
        else {
            throw .refused(subject: "公众网站地址 (--public-url)", reason: "应为 http(s)://主机[:端口][/路径]，收到“\(text)” (an http(s) URL)")
        }
        return url
    }
}
