import JSON
import OutfallModel
import Siting

/// Writes screening rows exactly as `JSONWriter.write(row.json(), …)` does, but renders each
/// distinct finding (rule, severity, feature) once and reuses its text: a listing of 100,000
/// outfalls repeats the same few thousand findings, each with its legal basis and its zone's
/// name, hundreds of thousands of times, and rendering them was most of the listing's time.
///
/// The pieces come from `JSONWriter` itself — a row or finding rendered with placeholders,
/// cut where the placeholders are — so the layout is never written twice. Where a
/// placeholder cannot be found exactly once (a text that contains it), the row is written
/// the plain way.
public struct ScreeningJSONWriter {
    private let indent: String
    private let level: Int
    private var findings: [FindingKey: Fragment?] = [:]

    /// Rows written at `level` of a document indented by `indent`.
    public init(indent: String, level: Int) {
        self.indent = indent
        self.level = level
    }

    public mutating func write(_ row: ScreeningRow, into out: inout [UInt8]) throws(RegistryError) {
        write(row, findings: try row.findingList(), into: &out)
    }

    /// Writes `row` with `list`, its ``ScreeningRow/findingList()`` expanded beforehand (a
    /// caller can expand a batch of rows on every core).
    public mutating func write(_ row: ScreeningRow, findings list: [Finding], into out: inout [UInt8]) {
        guard !list.isEmpty, let frame = rowFrame(row), let fragments = fragments(list) else {
            JSONWriter.write(row.json(findings: .array(list.map(\.json))), into: &out, indent: indent, level: level)
            return
        }
        out.append(contentsOf: frame.before)
        for (i, (finding, fragment)) in zip(list, fragments).enumerated() {
            if i > 0 { out.append(contentsOf: frame.between) }
            out.append(contentsOf: fragment.before)
            JSONWriter.write(.number((finding.distance * 10).rounded() / 10), into: &out, indent: nil, level: 0)
            out.append(contentsOf: fragment.after)
        }
        out.append(contentsOf: frame.after)
    }

    /// Text before, between and after the row's findings.
    private func rowFrame(_ row: ScreeningRow) -> (before: ArraySlice<UInt8>, between: ArraySlice<UInt8>, after: ArraySlice<UInt8>)? {
        var text: [UInt8] = []
        JSONWriter.write(
            row.json(findings: .array([.string(Self.first), .string(Self.second)])), into: &text, indent: indent, level: level)
        guard let first = Self.range(of: Self.rendered(Self.first), in: text),
            let second = Self.range(of: Self.rendered(Self.second), in: text), first.upperBound <= second.lowerBound
        else { return nil }
        return (text[..<first.lowerBound], text[first.upperBound..<second.lowerBound], text[second.upperBound...])
    }

    /// Every finding's fragment, or nil when one of them has to be written the plain way.
    private mutating func fragments(_ list: [Finding]) -> [Fragment]? {
        var fragments: [Fragment] = []
        fragments.reserveCapacity(list.count)
        for finding in list {
            guard let fragment = fragment(finding) else { return nil }
            fragments.append(fragment)
        }
        return fragments
    }

    private mutating func fragment(_ finding: Finding) -> Fragment? {
        let key = FindingKey(finding)
        if let known = findings[key] { return known }
        var text: [UInt8] = []
        // Findings are elements of the row's `findings` array: two levels below the row.
        JSONWriter.write(finding.json(distance: .string(Self.first)), into: &text, indent: indent, level: level + 2)
        let made = Self.range(of: Self.rendered(Self.first), in: text).map { Fragment(before: Array(text[..<$0.lowerBound]), after: Array(text[$0.upperBound...])) }
        findings[key] = made
        return made
    }

    /// Placeholders no real text holds (a control character JSON must escape), so each is
    /// found exactly once or the plain way is taken.
    private static let first = "\u{1}findings-placeholder-1\u{1}"
    private static let second = "\u{1}findings-placeholder-2\u{1}"

    private static func rendered(_ s: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONWriter.writeString(s, into: &bytes)
        return bytes
    }

    /// The only place `needle` occurs in `text`, or nil when it occurs never or twice.
    private static func range(of needle: [UInt8], in text: [UInt8]) -> Range<Int>? {
        var found: Range<Int>?
        var i = 0
        while i + needle.count <= text.count {
            if text[i] == needle[0], text[i..<(i + needle.count)].elementsEqual(needle) {
                guard found == nil else { return nil }
                found = i..<(i + needle.count)
                i += needle.count
            } else {
                i += 1
            }
        }
        return found
    }

    private struct Fragment {
        var before: [UInt8]
        var after: [UInt8]
    }

    /// What a finding's text depends on besides its distance, within one listing: the rules
    /// and the features' names are loaded once for it, so a feature is known by its id.
    private struct FindingKey: Hashable {
        var rule: String
        var severity: Severity
        var layer: LayerKind
        var feature: Int64?
        var existing: Bool

        init(_ f: Finding) {
            rule = f.rule.id
            severity = f.severity
            layer = f.feature.layer
            feature = f.feature.id
            existing = f.note != nil
        }
    }
}
