/// What a signed-in person is, as the county assigns it. Visitors who are not signed in are
/// `public` and see the disclosure view. What each role may do is ``permissions`` — checked
/// in one place by the front ends (``Role/can(_:)``), never by comparing roles ad hoc in
/// handlers.
///
/// Roles are ordered by how much they may change (public < viewer < the field and review
/// jobs < planner < admin) for the few places that ask "at least"; inspector, reviewer,
/// verifier, closer and handler are different jobs rather than steps on one ladder, so
/// ``permissions`` is the real answer. The close-out's two checks (县级预销号, 销号) are
/// separate roles so that the county's verification and the final sign-off are different
/// people by construction, not only by the "nobody reviews their own work" rule.
public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
    case `public`, viewer, inspector, reviewer, verifier, closer, handler, planner, admin

    public var label: String {
        switch self {
        case .public: "公众"
        case .viewer: "查看"
        case .inspector: "排查员"
        case .reviewer: "审核员"
        case .verifier: "预销号核查员"
        case .closer: "销号审批员"
        case .handler: "举报受理员"
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
        case .verifier: [.read, .preClose]
        case .closer: [.read, .close]
        case .handler: [.read, .handleTips]
        case .planner: [.read, .recordFieldWork, .editRegistry, .decideApplications, .drawInspections]
        case .admin: Set(Permission.allCases)
        }
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    private var rank: Int {
        switch self {
        case .public: 0
        case .viewer: 1
        case .inspector, .reviewer, .verifier, .closer, .handler: 2
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
    /// Confirm a remediation case at county level (县级预销号): the verification record.
    case preClose
    /// Close a remediation case (销号) after the county's verification.
    case close
    /// Handle the public's tips (举报) and see who sent them.
    case handleTips
    /// Decide applications for new, changed and enlarged outfalls (审批、登记).
    case decideApplications
    /// Run the 双随机 draws of inspection objects and inspectors.
    case drawInspections

    public var label: String {
        switch self {
        case .read: "查看内部信息"
        case .recordFieldWork: "录入排查、溯源"
        case .editRegistry: "导入图层、编辑排污口"
        case .review: "审核"
        case .manageUsers: "管理用户"
        case .preClose: "县级预销号"
        case .close: "销号"
        case .handleTips: "处理举报（可见举报人）"
        case .decideApplications: "审批、登记决定"
        case .drawInspections: "双随机抽取"
        }
    }
}
