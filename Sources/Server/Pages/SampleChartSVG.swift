import WaterQuality

/// A line chart of daily values with the limit as a dashed red line, as inline SVG (no
/// script: the page's CSP allows none). Points over the limit are red, within it blue,
/// those that cannot be judged grey; each has a tooltip with the day, value and verdict.
enum SampleChartSVG {
    struct Point {
        var day: String
        var value: Double?
        var display: String
        var verdict: Judgement.Verdict
    }

    /// An outfall's judged values of one parameter.
    static func render(title: String, points: [Judgement]) -> String {
        let limits = points.compactMap { $0.limit?.maximum ?? $0.limit?.minimum }
        return render(
            title: title, points: points.map { Point(day: $0.day, value: $0.value.number, display: $0.value.display, verdict: $0.verdict) },
            limit: Set(limits).count == 1 ? limits.first : nil, limitLabel: "限值")
    }

    static func render(title: String, points: [Point], limit: Double?, limitLabel: String) -> String {
        let width = 640.0
        let height = 260.0
        let left = 56.0
        let right = 16.0
        let top = 36.0
        let bottom = 40.0
        let values = points.compactMap(\.value)
        let maxY = max((values + (limit.map { [$0] } ?? [])).max() ?? 1, 1e-9) * 1.15
        func x(_ i: Int) -> Double {
            points.count <= 1 ? left + (width - left - right) / 2 : left + Double(i) * (width - left - right) / Double(points.count - 1)
        }
        func y(_ v: Double) -> Double { top + (1 - v / maxY) * (height - top - bottom) }
        var svg =
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Int(width))" height="\#(Int(height))" viewBox="0 0 \#(Int(width)) \#(Int(height))" font-family="Noto Sans CJK SC, sans-serif" font-size="12" role="img" aria-label="\#(escape(title))">"#
        svg += #"<text x="\#(left)" y="20" font-size="14">\#(escape(title))</text>"#
        svg +=
            #"<line x1="\#(left)" y1="\#(y(0))" x2="\#(width - right)" y2="\#(y(0))" stroke="gray"/><line x1="\#(left)" y1="\#(top)" x2="\#(left)" y2="\#(y(0))" stroke="gray"/>"#
        svg +=
            #"<text x="\#(left - 6)" y="\#(top + 4)" text-anchor="end">\#(MeasuredValue.format((maxY * 100).rounded() / 100))</text><text x="\#(left - 6)" y="\#(y(0) + 4)" text-anchor="end">0</text>"#
        if points.isEmpty {
            svg += #"<text x="\#(width / 2)" y="\#(height / 2)" text-anchor="middle">没有监测数据</text>"#
        }
        if let limit {
            svg += #"<line x1="\#(left)" y1="\#(y(limit))" x2="\#(width - right)" y2="\#(y(limit))" stroke="rgb(204,0,0)" stroke-dasharray="6 4"/>"#
            svg +=
                #"<text x="\#(width - right)" y="\#(y(limit) - 4)" text-anchor="end" fill="rgb(204,0,0)">\#(escape(limitLabel)) \#(MeasuredValue.format(limit))</text>"#
        }
        let line = points.enumerated().compactMap { i, p in p.value.map { "\(x(i)),\(y($0))" } }.joined(separator: " ")
        if !line.isEmpty { svg += #"<polyline points="\#(line)" fill="none" stroke="rgb(31,95,168)" stroke-width="2"/>"# }
        for (i, p) in points.enumerated() {
            guard let v = p.value else { continue }
            let colour = p.verdict == .exceeds ? "rgb(204,0,0)" : p.verdict == .within ? "rgb(31,95,168)" : "rgb(153,153,153)"
            svg +=
                #"<circle cx="\#(x(i))" cy="\#(y(v))" r="3.5" fill="\#(colour)"><title>\#(escape("\(p.day) \(p.display) \(p.verdict.label)"))</title></circle>"#
        }
        if let first = points.first, let last = points.last {
            svg +=
                #"<text x="\#(left)" y="\#(height - 14)">\#(first.day)</text><text x="\#(width - right)" y="\#(height - 14)" text-anchor="end">\#(last.day)</text>"#
        }
        return svg + "</svg>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
