import Foundation
import OutfallModel
import Registry
import Siting

/// How the outfall list is searched, sorted and paged (`/outfalls?q=…&sort=…&order=…&page=…`),
/// on top of the registry's filters (type, status, river, township, verdict). The export of
/// the filtered list (`/outfalls.csv|xlsx|geojson`) takes the same query, all pages.
struct OutfallListQuery {
    enum SortKey: String, CaseIterable {
        case code, name, type, status, township, river, verdict

        var label: String {
            switch self {
            case .code: "本地编码"
            case .name: "名称"
            case .type: "类型"
            case .status: "状态"
            case .township: "乡镇"
            case .river: "河流"
            case .verdict: "核查结论"
            }
        }
    }

    static let pageSizes = [20, 50, 100]

    /// Name or local/national code contains this (case-insensitive).
    var search: String?
    var sort: SortKey = .code
    var descending = false
    var page = 1
    var pageSize = 50

    init(_ query: Query) throws(ClientError) {
        if let q = query["q"]?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            guard q.count <= JSONAPI.maximumTextLength else { throw .badRequest("搜索词过长（≤ \(JSONAPI.maximumTextLength) 字符）(search too long)") }
            search = q
        }
        if let text = query["sort"] {
            guard let key = SortKey(rawValue: text) else {
                throw .badRequest("sort 应为 \(SortKey.allCases.map(\.rawValue).joined(separator: "、")) (unknown sort key)")
            }
            sort = key
        }
        switch query["order"] {
        case nil, "asc": descending = false
        case "desc": descending = true
        default: throw .badRequest("order 应为 asc 或 desc (order must be asc or desc)")
        }
        page = try query.int("page", in: 1...1_000_000) ?? 1
        if let size = try query.int("per_page", in: 1...1_000) {
            guard Self.pageSizes.contains(size) else { throw .badRequest("per_page 应为 20、50 或 100 (page size)") }
            pageSize = size
        }
    }

    func matches(_ l: OutfallListing) -> Bool {
        guard let search else { return true }
        return [l.outfall.name, l.outfall.localCode ?? "", l.outfall.nationalCode ?? ""].contains { $0.localizedCaseInsensitiveContains(search) }
    }

    /// Searched and sorted; ties in order of id, so that pages never overlap.
    func apply(_ listings: [OutfallListing]) -> [OutfallListing] {
        func key(_ l: OutfallListing) -> String {
            switch sort {
            case .code: l.outfall.localCode ?? "\u{10FFFF}"
            case .name: l.outfall.name
            case .type: l.outfall.type.label
            case .status: l.outfall.status.map { String(OutfallStatus.allCases.firstIndex(of: $0) ?? 9) } ?? "9"
            case .township: l.township ?? "\u{10FFFF}"
            case .river: l.snap?.river ?? "\u{10FFFF}"
            // Most severe first when ascending: what a planner looks for.
            case .verdict: l.verdict.map { String(Severity.allCases.count - (Severity.allCases.firstIndex(of: $0) ?? 0)) } ?? "9"
            }
        }
        let found = listings.filter(matches)
        let sorted = found.sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            if ka != kb { return descending ? ka > kb : ka < kb }
            return (a.outfall.id ?? 0) < (b.outfall.id ?? 0)
        }
        return sorted
    }

    func pageCount(of total: Int) -> Int { max(1, (total + pageSize - 1) / pageSize) }

    func pageOf(_ sorted: [OutfallListing]) -> ArraySlice<OutfallListing> {
        let start = min((page - 1) * pageSize, sorted.count)
        return sorted[start..<min(start + pageSize, sorted.count)]
    }
}
