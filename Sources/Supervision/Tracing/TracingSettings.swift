import Foundation

/// County settings of source tracing, kept in the ledger (so a change is in the history):
/// who answers when tracing finds no unit, and how near an outfall a channel must end.
///
/// Neither value is law: the government party is whom the county names under
/// 桂政办发〔2022〕36号, the tolerance a working choice (channels digitised from pipe maps
/// rarely end exactly on a surveyed outfall).
public struct TracingSettings: LedgerEntity {
    public static let kind = EntityKind(rawValue: "settings.tracing")
    /// The one settings document.
    public static let documentID: Int64 = 1

    public var id: Int64?
    /// 政府兜底的责任主体 (default 柳城县人民政府).
    public var government: String
    /// Largest geodesic distance (m) from a channel's downstream end to its outfall.
    public var channelEndToleranceM: Double

    public init(id: Int64? = TracingSettings.documentID, government: String = "柳城县人民政府", channelEndToleranceM: Double = 30) {
        self.id = id
        self.government = government
        self.channelEndToleranceM = channelEndToleranceM
    }

    public static let defaults = TracingSettings()

    public static let maxToleranceM = 1_000.0

    public func check() throws(LedgerError) {
        let name = government.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= TraceRules.maxNameLength else {
            throw .refused(subject: "政府兜底责任主体 (government)", reason: "应为 1–\(TraceRules.maxNameLength) 字 (1–200 characters)")
        }
        guard channelEndToleranceM.isFinite, channelEndToleranceM > 0, channelEndToleranceM <= Self.maxToleranceM else {
            throw .refused(subject: "排污通道末端容差 (channel end tolerance)", reason: "应为 0–\(Int(Self.maxToleranceM)) 米之间的正数 (must be in (0, 1000] m)")
        }
    }
}
