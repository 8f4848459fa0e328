/// Why a sample, a value or a standards file was refused. Messages are for the person at
/// the keyboard: Chinese first, English in brackets, saying what to do.
public enum WaterQualityError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownParameter(String)
    case unknownUnit(String)
    /// The unit is real but does not measure this parameter (mg/L for a flow).
    case wrongUnit(parameter: Parameter, unit: MeasurementUnit)
    case badValue(String, reason: String)
    /// A standards file entry is wrong: `entry` names it (standard / grade / limit).
    case standards(entry: String, reason: String)

    public var description: String {
        switch self {
        case .unknownParameter(let text):
            "不认识的指标“\(text)”，可用：\(Parameter.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")) (unknown parameter)"
        case .unknownUnit(let text):
            "不认识的单位“\(text)”，可用 mg/L、μg/L、m³/d、m³/h、L/s、个/L、MPN/L、°C，pH 不填单位 (unknown unit)"
        case .wrongUnit(let parameter, let unit):
            "\(parameter.label)（\(parameter.rawValue)）不能用单位“\(unit.label)”，应为："
                + MeasurementUnit.accepted(for: parameter).map(\.label).joined(separator: "、") + "；不做换算，请核对 (wrong unit for the parameter, refused)"
        case .badValue(let text, let reason):
            "数值“\(text)”无效：\(reason) (bad value)"
        case .standards(let entry, let reason):
            "标准文件中 \(entry)：\(reason) (bad standards file entry)"
        }
    }
}
