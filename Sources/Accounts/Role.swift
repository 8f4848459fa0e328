/// What a signed-in person is, as the county assigns it. Visitors who are not signed in are
/// `public` and see the disclosure view. What each role may do is ``permissions`` — checked
/// in one place by the front ends (``Role/can(_:)``), never by comparing roles ad hoc in
/// handlers.
///
/// Roles are ordered by how much they may change (public < viewer < inspector, reviewer <
/// planner < admin) for the few places that ask "at least"; inspector and reviewer are
/// different jobs rather than steps on one ladder, so ``permissions`` is the real answer.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    case `public`, viewer, inspector, reviewer, planner, admin

    public var label: String {
        switch self {
        case .public: "公众"
        case .viewer: "查看"
        case .inspector: "排查员"
        case .reviewer: "审核员"
        case .planner: "规划审批"
        case .admin: "管理员"
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        case .public: []
        case .viewer: [.read]
        case .inspector: [.read, .recordFieldWork]
        case .reviewer: [.read, .review]
        case .planner: [.read, .recordFieldWork, .editRegistry]
        case .admin: Set(Permission.allCases)
        }
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    private var rank: Int {
        switch self {
        case .public: 0
        case .viewer: 1
        case .inspector, .reviewer: 2
        case .planner: 3
        case .admin: 4
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank || (a.rank == b.rank && a.rawValue < b.rawValue) }
}

/// One thing a role may do.
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// See everything that is not public: responsible parties, notes, history, the ledger.
    case read
    /// Record field work: suspects, survey records with photos, units, channels, traces.
    case recordFieldWork
    /// Import layers, edit outfalls, load rules; everything a planner does.
    case editRegistry
    /// Review field submissions (通过 / 退回); nobody reviews their own.
    case review
    /// Add, disable and enable accounts.
    case manageUsers

    public var label: String {
        switch self {
        case .read: "查看内部信息"
        case .recordFieldWork: "录入排查、溯源"
        case .editRegistry: "导入图层、编辑排污口"
        case .review: "审核"
        case .manageUsers: "管理用户"
        }
    }
}
