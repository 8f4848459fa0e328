import Attachments
import Foundation
import JSON
import OutfallModel
import Supervision

/// A trace as a person records it (`outfalls trace OUTFALL …`): outfall and units named the
/// way people name them, evidence as file paths.
public struct TraceRequest: Sendable {
    public var outfall: String
    public var method: TraceMethod
    public var technique: String?
    public var units: [String]
    public var main: String?
    public var mixed: Bool
    public var problems: [String]
    public var nodes: [String]
    public var evidence: [String]
    public var result: TraceResult
    public var sewageFound: Bool
    /// When it was traced (`2024-06-25`, China time); today when nil.
    public var on: String?
    public var note: String?

    public init(
        outfall: String, method: TraceMethod, technique: String? = nil, units: [String] = [], main: String? = nil, mixed: Bool = false,
        problems: [String] = [], nodes: [String] = [], evidence: [String] = [], result: TraceResult, sewageFound: Bool = false,
        on: String? = nil, note: String? = nil
    ) {
        self.outfall = outfall
        self.method = method
        self.technique = technique
        self.units = units
        self.main = main
        self.mixed = mixed
        self.problems = problems
        self.nodes = nodes
        self.evidence = evidence
        self.result = result
        self.sewageFound = sewageFound
        self.on = on
        self.note = note
    }
}

/// The derived 责任主体 of one outfall, with any hand-entered value that disagrees.
public struct ResponsibleReport: Sendable {
    public var outfall: Outfall
    public var party: ResponsibleParty
    public var units: [Int64: DischargingUnit]
    /// Hand-entered values (the layer's `responsible`, the file's `enteredResponsible`) and,
    /// when one disagrees with the rule, why.
    public var entered: [(source: String, value: String, disagreement: String?)]

    public var disagrees: Bool { entered.contains { $0.disagreement != nil } }
}

/// 借道排污 findings with the names needed to show them.
public struct SharedDischargeReport: Sendable {
    public var findings: [SharedDischargeFinding]
    public var outfalls: [Int64: Outfall]
    public var units: [Int64: DischargingUnit]
}

/// Source tracing (溯源): settings, recording traces with evidence, the responsible party by
/// rule, and 借道排污.
extension Ledger {
    // MARK: Settings

    /// The county's tracing settings (defaults until someone changes them).
    public func tracingSettings() throws(LedgerError) -> TracingSettings {
        try read { reader in
            guard let stored = try reader.document(EntityRef(TracingSettings.kind, TracingSettings.documentID)) else { return TracingSettings.defaults }
            return try TracingSettings.decode(stored)
        }
    }

    @discardableResult
    public func updateTracingSettings(government: String?, channelEndToleranceM: Double?, actor: String) throws(LedgerError) -> TracingSettings {
        try change(actor: actor) { tx in
            // Read and written in one transaction: two people changing different settings
            // at once both keep their change.
            var settings = try tx.load(TracingSettings.self, id: TracingSettings.documentID) ?? TracingSettings.defaults
            if let government { settings.government = government.trimmingCharacters(in: .whitespaces) }
            if let channelEndToleranceM { settings.channelEndToleranceM = channelEndToleranceM }
            try settings.check()
            try tx.save(settings, action: "settings.update")
            return settings
        }
    }

    // MARK: Traces

    public func traces() throws(LedgerError) -> [Trace] {
        try read { reader in try reader.documents(.trace).map { stored throws(LedgerError) in try Trace.decode(stored) } }
    }

    /// The traces of one outfall (named by key, code or id), oldest first.
    public func traces(of outfallText: String) throws(LedgerError) -> (Outfall, [Trace]) {
        let outfall = try outfallLookup().find(outfallText)
        return (outfall, try traces(ofOutfallID: outfall.id ?? 0))
    }

    func traces(ofOutfallID id: Int64) throws(LedgerError) -> [Trace] {
        try traces().filter { $0.outfallID == id }.sorted { ($0.tracedOn, $0.id ?? 0) < ($1.tracedOn, $1.id ?? 0) }
    }

    /// Records a trace: checked against the rules (``TraceRules``), evidence files streamed
    /// into the attachment store and published only once the trace is committed.
    public func recordTrace(_ request: TraceRequest, actor: String) throws(LedgerError) -> Trace {
        let outfall = try outfallLookup().find(request.outfall)
        guard let outfallID = outfall.id else { throw .notFound(.layer("outfalls"), request.outfall) }
        let lookup = UnitLookup(try units())
        var unitIDs: [Int64] = []
        for text in request.units { unitIDs.append(try lookup.find(text).id ?? 0) }
        var mainID = try request.main.map { (text) throws(LedgerError) in try lookup.find(text).id ?? 0 }
        if request.result == .oneSource, mainID == nil { mainID = unitIDs.first }

        let now = Date()
        let at: String
        if let on = request.on {
            guard let parsed = ChinaTime.parseInput(on) else {
                throw .refused(subject: "溯源日期 (--on)", reason: "“\(on)”不是日期，应如 2024-06-25 或 2024-06-25 14:30 (not a date)")
            }
            guard let date = ChinaTime.parse(parsed), date <= now.addingTimeInterval(86_400) else {
                throw .refused(subject: "溯源日期 (--on)", reason: "“\(on)”在将来 (in the future)")
            }
            at = parsed
        } else {
            at = ChinaTime.utcString(now)
        }
        guard let tracedOn = ChinaTime.date(at) else { throw .refused(subject: "溯源日期 (--on)", reason: "无法换算 (cannot convert)") }

        var trace = Trace(
            outfallID: outfallID, tracedOn: tracedOn, method: request.method,
            technique: try InputText.optional(request.technique, field: "手段 (--technique)"),
            unitIDs: unitIDs, mainUnitID: mainID, mixed: request.mixed,
            problems: request.problems.map { $0.trimmingCharacters(in: .whitespaces) },
            pathNodes: request.nodes.map { $0.trimmingCharacters(in: .whitespaces) }, evidence: [],
            result: request.result, sewageFound: request.sewageFound,
            note: try InputText.optional(request.note, field: "说明 (--note)", max: InputText.maxText))
        try TraceRules.check(trace)

        // Stage every evidence file first: a bad one refuses the trace before anything is written.
        // The shared staging lock, held until they are published, keeps another process's
        // recovery from taking them for leftovers.
        let lock: StagingLock?
        do { lock = try StagingLock(store: attachments, exclusive: false, wait: true) } catch { throw Self.ledgerError(error) }
        defer { withExtendedLifetime(lock) {} }
        var staged: [StagedAttachment] = []
        for path in request.evidence {
            do {
                let file = try attachments.stage(contentsOf: path, fileName: (path as NSString).lastPathComponent)
                // The same bytes given twice are one staged file (named by digest): keep one.
                if !staged.contains(where: { $0.sha256 == file.sha256 }) { staged.append(file) }
            } catch {
                staged.forEach(attachments.discard)
                throw .refused(subject: "证据文件 (--evidence)", reason: "\(error)")
            }
        }
        trace.evidence = staged.map(\.sha256)
        let outfallRef = EntityRef(.outfall, outfallID)
        do {
            trace = try change(actor: actor, at: at) { tx in
                var stored = trace
                let ref = try tx.create(&stored, reason: request.note, related: [outfallRef] + unitIDs.map { EntityRef(.unit, $0) })
                for file in staged {
                    var record = AttachmentRecord(
                        sha256: file.sha256, fileName: file.fileName, mediaType: file.mediaType.rawValue, byteCount: file.byteCount,
                        owner: ref, caption: "溯源证据")
                    try tx.create(&record, action: "attach", related: [ref])
                }
                // The outfall's own history (一口一档) shows that it was traced.
                try tx.note(outfallRef, action: "trace.record", reason: "\(request.result.label)（\(request.method.label)）", related: [ref])
                return stored
            }
        } catch {
            staged.forEach(attachments.discard)
            throw error
        }
        for file in staged {
            // The trace is committed; a file that cannot be moved into place now is published
            // by the attachment store's recovery, which finds it referenced.
            do { try attachments.publish(file) } catch { throw .storage("证据文件已登记但未能归档，请运行恢复：\(error)") }
        }
        return trace
    }

    // MARK: Responsible party

    public func responsibleParty(of outfallText: String) throws(LedgerError) -> ResponsibleReport {
        let outfall = try outfallLookup().find(outfallText)
        return try responsibleParty(of: outfall)
    }

    func responsibleParty(of outfall: Outfall) throws(LedgerError) -> ResponsibleReport {
        let id = outfall.id ?? 0
        let traces = try traces(ofOutfallID: id)
        let units = UnitLookup(try self.units()).dictionary
        let settings = try tracingSettings()
        let party = ResponsibleParty.derive(traces: traces, units: units, government: settings.government)
        var entered: [(String, String, String?)] = []
        if let typed = outfall.responsible {
            entered.append(("排污口图层 responsible", typed, party.disagreement(withEntered: typed, units: units)))
        }
        let file = try read { reader in try reader.document(EntityRef(.outfall, id)).map { stored throws(LedgerError) in try OutfallFile.decode(stored) } }
        if let typed = file?.enteredResponsible {
            entered.append(("排污口档案 enteredResponsible", typed, party.disagreement(withEntered: typed, units: units)))
        }
        return ResponsibleReport(outfall: outfall, party: party, units: units, entered: entered)
    }

    // MARK: 借道排污

    public func sharedDischarge() throws(LedgerError) -> SharedDischargeReport {
        let lookup = try outfallLookup()
        let units = UnitLookup(try self.units()).dictionary
        let storm = Set(lookup.outfalls.filter { $0.type.isStormOutlet }.compactMap(\.id))
        let findings = SharedDischarge.detect(traces: try traces(), channels: try channels(), units: units, stormOutfallIDs: storm)
        var outfalls: [Int64: Outfall] = [:]
        for outfall in lookup.outfalls { if let id = outfall.id { outfalls[id] = outfall } }
        return SharedDischargeReport(findings: findings, outfalls: outfalls, units: units)
    }
}

extension OutfallType {
    /// 雨洪排口 (HJ 1312): a storm outlet, where sewage is a sign of 混接 or 借道排污.
    public var isStormOutlet: Bool {
        switch self {
        case .industrialEnterpriseStorm, .industrialParkStorm, .urbanStorm: true
        case .industrialEnterprise, .industrialParkWWTP, .urbanWWTP, .largeLivestock, .largeAquaculture, .irrigationDistrict,
            .portTerminal, .smallLivestock, .smallAquaculture, .urbanDomesticScattered, .ruralWWTP, .ruralDomesticScattered, .other,
            .undetermined:
            false
        }
    }
}
