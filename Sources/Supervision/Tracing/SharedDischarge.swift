/// 借道排污 found in the ledger: a unit's wastewater leaving through an outfall that is not
/// on its permit, or sewage in a storm outlet. Each finding carries its evidence (the trace,
/// the channel, the units) so an inspector can go and look.
///
/// The rules, on each outfall's latest trace (the current finding: an outlet traced clean
/// after remediation is no longer a target, its earlier traces stay in the history):
/// - ``Rule/unrecordedSharing``: several units traced to one outfall, and a unit's permit does
///   not list the outfall (``DischargingUnit/permittedOutfallIDs``);
/// - ``Rule/channelIntoOthersOutfall``: a unit's channel ends at an outfall whose latest trace
///   names other units, not this one;
/// - ``Rule/sewageInStormOutlet``: a storm outlet (雨洪排口) whose latest trace found sewage.
public struct SharedDischargeFinding: Sendable, Equatable {
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        case unrecordedSharing = "unrecorded_sharing"
        case channelIntoOthersOutfall = "channel_into_others_outfall"
        case sewageInStormOutlet = "sewage_in_storm_outlet"

        public var label: String {
            switch self {
            case .unrecordedSharing: "多个排污单位共用排污口，排污许可证未载明"
            case .channelIntoOthersOutfall: "排污单位的通道接入其他单位的排污口"
            case .sewageInStormOutlet: "雨洪排口溯源发现污水"
            }
        }
    }

    public var rule: Rule
    public var outfallID: Int64
    public var traceID: Int64?
    public var channelID: Int64?
    /// The units concerned (for unrecorded sharing: those whose permits lack the outfall).
    public var unitIDs: [Int64]
    public var detail: String

    public init(rule: Rule, outfallID: Int64, traceID: Int64?, channelID: Int64? = nil, unitIDs: [Int64], detail: String) {
        self.rule = rule
        self.outfallID = outfallID
        self.traceID = traceID
        self.channelID = channelID
        self.unitIDs = unitIDs
        self.detail = detail
    }
}

/// Finds 借道排污 (see ``SharedDischargeFinding``).
public enum SharedDischarge {
    /// Every finding, ordered by outfall, then rule, then channel. `stormOutfallIDs` are the
    /// outfalls whose type is a storm outlet (the outfall layer knows types; this module does not).
    public static func detect(
        traces: [Trace], channels: [DrainageChannel], units: [Int64: DischargingUnit], stormOutfallIDs: Set<Int64>
    ) -> [SharedDischargeFinding] {
        func name(_ id: Int64) -> String { units[id]?.name ?? "排污单位 #\(id)" }
        let latest = Dictionary(grouping: traces, by: \.outfallID).compactMapValues(ResponsibleParty.latest)
        var findings: [SharedDischargeFinding] = []
        for (outfallID, trace) in latest {
            if trace.unitIDs.count >= 2 {
                let unrecorded = trace.unitIDs.filter { !(units[$0]?.permittedOutfallIDs.contains(outfallID) ?? false) }
                if !unrecorded.isEmpty {
                    findings.append(SharedDischargeFinding(
                        rule: .unrecordedSharing, outfallID: outfallID, traceID: trace.id, unitIDs: unrecorded,
                        detail: "溯源查明 \(trace.unitIDs.count) 个排污单位共用此口；\(unrecorded.map(name).joined(separator: "、")) 的排污许可证未载明此排污口"))
                }
            }
            if stormOutfallIDs.contains(outfallID), trace.sewageFound {
                findings.append(SharedDischargeFinding(
                    rule: .sewageInStormOutlet, outfallID: outfallID, traceID: trace.id, unitIDs: trace.unitIDs,
                    detail: "雨洪排口溯源发现污水" + (trace.unitIDs.isEmpty ? "，来源未查明" : "，来源：\(trace.unitIDs.map(name).joined(separator: "、"))")))
            }
        }
        for channel in channels {
            guard let unitID = channel.unitID, let outfallID = channel.outfallID, let trace = latest[outfallID],
                !trace.unitIDs.isEmpty, !trace.unitIDs.contains(unitID)
            else { continue }
            findings.append(SharedDischargeFinding(
                rule: .channelIntoOthersOutfall, outfallID: outfallID, traceID: trace.id, channelID: channel.id,
                unitIDs: [unitID] + trace.unitIDs,
                detail: "\(name(unitID)) 的排污通道“\(channel.name)”接入此排污口，而溯源查明的排污单位为 \(trace.unitIDs.map(name).joined(separator: "、"))"))
        }
        let ruleOrder = Dictionary(uniqueKeysWithValues: SharedDischargeFinding.Rule.allCases.enumerated().map { ($1, $0) })
        return findings.sorted {
            ($0.outfallID, ruleOrder[$0.rule] ?? 0, $0.channelID ?? 0) < ($1.outfallID, ruleOrder[$1.rule] ?? 0, $1.channelID ?? 0)
        }
    }
}
