import JSON

/// Reads a feature's properties by canonical name or alias, converting and validating
/// values, and remembers what it consumed so that the rest can be kept as extra properties.
///
/// Names match ignoring case, spaces, hyphens and underscores ("Reach ID" = "reach_id").
public struct PropertyReader {
    private var remaining: JSONObject
    /// Each property name's comparison form, worked out once.
    private let forms: [String: String]

    public init(_ properties: JSONObject) {
        remaining = properties
        var forms: [String: String] = [:]
        for key in properties.keys { forms[key] = key.vocabularyKey }
        self.forms = forms
    }

    /// The properties nobody asked for, in their original order.
    public var extra: JSONObject { remaining }

    /// Takes the first non-empty value among `name` and its aliases. Empty strings and
    /// nulls count as absent (spreadsheets export blank cells as either).
    public mutating func take(_ property: PropertyName) -> JSONValue? {
        var found: JSONValue?
        for key in remaining.keys where property.forms.contains(forms[key] ?? key.vocabularyKey) {
            let value = remaining.removeValue(forKey: key)
            if found == nil, let value, !Self.isBlank(value) { found = value }
        }
        return found
    }

    static func isBlank(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let s): s.trimmed.isEmpty
        default: false
        }
    }

    // MARK: Typed accessors

    public mutating func string(_ property: PropertyName) -> String? {
        take(property).map { $0.displayText.trimmed }
    }

    public mutating func requiredString(_ property: PropertyName) throws(FeatureProblem) -> String {
        guard let value = string(property) else { throw .missing(property) }
        return value
    }

    public mutating func term<T: Vocabulary>(_ type: T.Type, _ property: PropertyName) throws(FeatureProblem) -> T? {
        guard let text = string(property) else { return nil }
        guard let term = T(parsing: text) else {
            throw .invalidValue(property: property.canonical, value: text, expected: T.acceptedValues)
        }
        return term
    }

    public mutating func requiredTerm<T: Vocabulary>(_ type: T.Type, _ property: PropertyName) throws(FeatureProblem) -> T {
        guard let term = try term(type, property) else { throw .missing(property) }
        return term
    }

    public mutating func waterClass(_ property: PropertyName) throws(FeatureProblem) -> WaterClass? {
        guard let text = string(property) else { return nil }
        guard let value = WaterClass(parsing: text) else {
            throw .invalidValue(property: property.canonical, value: text, expected: "I、II、III、IV、V（或 Ⅱ、2、II类）")
        }
        return value
    }

    /// true/false, 1/0, 是/否, 达标/不达标, yes/no.
    public mutating func bool(_ property: PropertyName) throws(FeatureProblem) -> Bool? {
        guard let value = take(property) else { return nil }
        let name = property.canonical
        switch value {
        case .bool(let b): return b
        case .number(let n) where n == 0 || n == 1: return n == 1
        default:
            let key = value.displayText.vocabularyKey
            if ["true", "yes", "y", "1", "是", "达标", "已达标", "√"].contains(key) { return true }
            if ["false", "no", "n", "0", "否", "不达标", "未达标", "×"].contains(key) { return false }
            throw .invalidValue(property: name, value: value.displayText, expected: "true/false、是/否、达标/不达标")
        }
    }
}
