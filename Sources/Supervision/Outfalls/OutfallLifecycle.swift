/// Where an outfall stands in the investigation (疑似 → 已核实 / 非排污口 → 存量 / 新增 → 注销),
/// kept apart from its operating status (在用/停用…, `OutfallStatus`).
public enum OutfallLifecycle: String, Codable, Sendable, CaseIterable {
    /// 疑似: found by interpretation or a report, not yet seen on site.
    case suspected
    /// 已核实: seen on site and confirmed to be an outfall; not yet entered as existing or new.
    case verified
    /// 非排污口: seen on site, not an outfall (a culvert, a drainage ditch without discharge…).
    case notOutfall = "not_outfall"
    /// 存量: an outfall that was already there when the investigation began.
    case existing
    /// 新增: an outfall set up since, with an approval or registration.
    case new
    /// 注销: closed and removed from the active ledger (its file stays).
    case cancelled

    public var label: String {
        switch self {
        case .suspected: "疑似"
        case .verified: "已核实"
        case .notOutfall: "非排污口"
        case .existing: "存量"
        case .new: "新增"
        case .cancelled: "注销"
        }
    }

    /// What can happen to an outfall's lifecycle.
    public enum Event: String, Codable, Sendable, CaseIterable {
        /// A reviewed field survey confirmed it.
        case verify
        /// A reviewed field survey found it is not an outfall.
        case rejectAsNotOutfall = "reject"
        /// Entered into the ledger as an existing outfall.
        case registerExisting = "register_existing"
        /// Entered into the ledger as a new outfall (approval or registration on file).
        case registerNew = "register_new"
        /// Closed: 注销 (after removal, merger or closure).
        case cancel
        /// A later survey found a "not an outfall" point does discharge after all.
        case reopen

        public var label: String {
            switch self {
            case .verify: "核实"
            case .rejectAsNotOutfall: "认定为非排污口"
            case .registerExisting: "登记为存量"
            case .registerNew: "登记为新增"
            case .cancel: "注销"
            case .reopen: "重新认定为疑似"
            }
        }
    }

    /// The one transition function: the state after `event`, or why it is refused.
    public func after(_ event: Event) -> Result<OutfallLifecycle, LifecycleRefusal> {
        switch (self, event) {
        case (.suspected, .verify): .success(.verified)
        case (.suspected, .rejectAsNotOutfall): .success(.notOutfall)
        case (.suspected, .registerExisting), (.verified, .registerExisting): .success(.existing)
        case (.suspected, .registerNew), (.verified, .registerNew): .success(.new)
        case (.verified, .rejectAsNotOutfall): .success(.notOutfall)
        case (.existing, .cancel), (.new, .cancel), (.verified, .cancel): .success(.cancelled)
        case (.notOutfall, .reopen): .success(.suspected)
        case (.suspected, .cancel): .failure(.init("疑似点位未经核实，不能注销；请核实或认定为非排污口"))
        case (.verified, .verify), (.existing, .verify), (.new, .verify): .failure(.init("已核实"))
        case (.existing, .registerExisting), (.new, .registerNew): .failure(.init("已登记"))
        case (.existing, .registerNew), (.new, .registerExisting): .failure(.init("已登记为\(label)，存量/新增不能互换；如属错误请注销后重新登记"))
        case (.existing, .rejectAsNotOutfall), (.new, .rejectAsNotOutfall): .failure(.init("已登记的排污口应先注销"))
        case (.notOutfall, .verify), (.notOutfall, .registerExisting), (.notOutfall, .registerNew), (.notOutfall, .cancel):
            .failure(.init("已认定为非排污口；如发现排放，请先重新认定为疑似"))
        case (.notOutfall, .rejectAsNotOutfall): .failure(.init("已认定为非排污口"))
        case (.suspected, .reopen), (.verified, .reopen), (.existing, .reopen), (.new, .reopen), (.cancelled, .reopen):
            .failure(.init("只有非排污口可以重新认定为疑似"))
        case (.cancelled, _): .failure(.init("已注销的排污口不再变更；档案保留"))
        }
    }
}

/// Why a lifecycle step is not allowed, for the person who asked for it.
public struct LifecycleRefusal: Error, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// 纳入国家平台: whether the outfall is in the national outfall information platform.
public enum NationalPlatform: String, Codable, Sendable, CaseIterable {
    case yes, no, unknown

    public var label: String {
        switch self {
        case .yes: "是"
        case .no: "否"
        case .unknown: "待核实"
        }
    }
}
