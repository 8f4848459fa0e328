import JSON
import Supervision
import WaterQuality

extension EntityKind {
    /// A lab or field result (监测数据): one value of one parameter at one point and time.
    public static let sample = EntityKind(rawValue: "sample")
    /// The discharge and water-quality standards in force (one document, id 1).
    public static let standards = EntityKind(rawValue: "standards")
    /// What the county set for one outfall's standard (id = the outfall's id).
    public static let dischargeSetting = EntityKind(rawValue: "discharge_setting")
    /// County-wide monitoring settings (one document, id 1).
    public static let monitoringSettings = EntityKind(rawValue: "monitoring_settings")
    /// One day's rainfall at one station.
    public static let rainDay = EntityKind(rawValue: "rain_day")
}

extension RainDay: LedgerEntity {
    public static var kind: EntityKind { .rainDay }
}

// Samples are the pure module's value type; the ledger stores them as they are.
extension Sample: LedgerEntity {
    public static var kind: EntityKind { .sample }
}

/// The standards file in force, as loaded: kept whole so the exact file can be shown and
/// its history replayed.
public struct StandardsDocument: LedgerEntity {
    public static let kind = EntityKind.standards
    public static let singletonID: Int64 = 1

    public var id: Int64?
    public var fileName: String
    public var sha256: String
    public var title: String
    public var version: String
    /// The file's JSON text.
    public var text: String
}

/// The county's setting for one outfall (standard, grade, build date, industry).
public struct DischargeSettingDocument: LedgerEntity {
    public static let kind = EntityKind.dischargeSetting

    public var id: Int64?
    public var setting: DischargeSetting
}

/// County-wide monitoring settings.
public struct MonitoringSettings: LedgerEntity {
    public static let kind = EntityKind.monitoringSettings
    public static let singletonID: Int64 = 1

    public var id: Int64?
    /// The grade every urban WWTP is held to unless its own setting says otherwise (many are held to 1A).
    public var urbanWWTPGrade: String?
    /// 旱天直排 rule; nil = ``DryWeatherRule/defaults``.
    public var dryWeather: DryWeatherRule?

    public init(id: Int64? = MonitoringSettings.singletonID, urbanWWTPGrade: String? = nil, dryWeather: DryWeatherRule? = nil) {
        self.id = id
        self.urbanWWTPGrade = urbanWWTPGrade
        self.dryWeather = dryWeather
    }

    public var dryWeatherRule: DryWeatherRule { dryWeather ?? .defaults }
}

extension EntityKind {
    /// People's decisions on the reasons one outfall was found abnormal (id = the outfall's id).
    public static let abnormalReview = EntityKind(rawValue: "abnormal_review")
}

/// Decisions on an outfall's abnormal reasons, keyed by the reason's id.
public struct AbnormalReviewDocument: LedgerEntity {
    public static let kind = EntityKind.abnormalReview

    public var id: Int64?
    public var decisions: [String: ReasonDecision]
}

extension EntityKind {
    /// People's decisions on one outfall's device-fault alarms (id = the outfall's id).
    public static let alarmReview = EntityKind(rawValue: "alarm_review")
}

/// Decisions on an outfall's alarms, keyed by the flag's id.
public struct AlarmReviewDocument: LedgerEntity {
    public static let kind = EntityKind.alarmReview

    public var id: Int64?
    public var decisions: [String: AlarmDecision]
}
