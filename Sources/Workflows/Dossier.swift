import OutfallModel
import RegistryStore
import Siting
import Supervision

/// 一口一档: everything the registry and the ledger know about one outfall, gathered once
/// as a value and rendered three ways — JSON (``json``), a standalone Chinese HTML page
/// (``DossierHTML``) and a printable PDF (``DossierPDF``) — so the three never disagree.
///
/// ## Topics
/// - Building: ``Ledger/dossier(outfall:)``
/// - Parts: identity (``outfall``, ``snap``, ``file``), ``siting``, ``derived``, ``surveys``,
///   ``traces``, ``channels``, ``units``, ``responsible``, ``history``
public struct Dossier: Sendable {
    /// When it was put together (UTC; shown in China time).
    public var generatedAt: String
    /// Layers read that hold schematic (illustrative, unofficial) data: the dossier must say so.
    public var schematicLayers: [String]
    public var outfall: Outfall
    public var snap: StoredSnap?
    /// The supervision file (lifecycle, temporary number, national platform), if one was opened.
    public var file: OutfallFile?
    public var siting: DossierSiting?
    public var derived: DerivedFields?
    /// Survey records of this outfall, oldest first.
    public var surveys: [SurveyRecord]
    /// Traces of this outfall, oldest first.
    public var traces: [Trace]
    /// Drainage channels (排污通道) that end at this outfall.
    public var channels: [DrainageChannel]
    /// Units found by its traces, whose channels end here, or whose permits record it.
    public var units: [DischargingUnit]
    /// Derived by rule from the latest trace.
    public var responsible: ResponsibleParty
    /// 责任主体 as a person entered it (the supervision file, else the outfall's property).
    public var enteredResponsible: String?
    public var history: [HistoryEvent]

    public var isSchematic: Bool { !schematicLayers.isEmpty }

    /// Whether the entered responsible party differs from the one derived by rule (only
    /// where a rule gave a party).
    public var responsibleDisagrees: Bool {
        guard let party = responsible.party, let entered = enteredResponsible, !entered.isEmpty else { return false }
        return !NameComparison.agrees(entered, party)
    }
}

/// The outfall's siting verdict with its findings and their legal basis.
public struct DossierSiting: Sendable {
    public var verdict: Severity
    public var findings: [Finding]
    public var rulesTitle: String
    public var rulesVersion: String
}

extension Dossier {
    /// The schematic-data warning every rendering carries when ``isSchematic``.
    public static let schematicBanner = "【注意】本档案所用图层含示意数据（非官方、非实测），推算结果仅供演示，不能作为执法或审批依据。"
}
