import Foundation

/// What an application asks for (生态环境部令第35号 第三条): a new outfall, a major change of an
/// existing one's position or way of discharge, or more capacity.
public enum ApplicationKind: String, Codable, Sendable, CaseIterable {
    /// 新设
    case new
    /// 改设
    case change
    /// 扩大
    case enlarge

    public var label: String {
        switch self {
        case .new: "新设"
        case .change: "改设"
        case .enlarge: "扩大"
        }
    }

    /// The English name or the Chinese label.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let found = Self.allCases.first(where: { $0.rawValue == t.lowercased() || $0.label == t }) else { return nil }
        self = found
    }
}

/// Which procedure an application follows: 审批 (a decision, 同意/不予同意) or 登记 (filing the
/// 登记表). Decided by the outfall's HJ 1312 type when the application is filed.
public enum ApplicationTrack: String, Codable, Sendable, CaseIterable {
    case approval, registration

    public var label: String {
        switch self {
        case .approval: "审批"
        case .registration: "登记"
        }
    }
}
