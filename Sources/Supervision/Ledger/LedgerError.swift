/// Why a ledger operation was refused or failed. Messages are for the person at the
/// keyboard: Chinese first, English in brackets, saying what to do.
public enum LedgerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no such entity.
    case notFound(EntityKind, String)
    /// The input was refused: `subject` names the file/row/field, `reason` says why.
    case refused(subject: String, reason: String)
    /// A state machine does not allow this step from the current state.
    case illegalTransition(entity: String, from: String, event: String, reason: String)
    /// The acting account may not do this: its role lacks the permission, or the entity lies
    /// outside its department or township. `reason` says which.
    case forbidden(subject: String, reason: String)
    /// A stored document could not be read back.
    case corrupt(EntityKind, Int64?, String)
    /// The database or the file system failed.
    case storage(String)

    public var description: String {
        switch self {
        case .notFound(let kind, let what):
            "没有找到\(kind.label)“\(what)” (no \(kind.rawValue) \(what))"
        case .refused(let subject, let reason):
            "\(subject)：\(reason)"
        case .illegalTransition(let entity, let from, let event, let reason):
            "\(entity) 当前状态为“\(from)”，不能“\(event)”：\(reason) (illegal transition)"
        case .forbidden(let subject, let reason):
            "\(subject)：无权操作，\(reason) (not permitted)"
        case .corrupt(let kind, let id, let reason):
            "数据库中的\(kind.label) \(id.map(String.init) ?? "") 无法读取：\(reason) (corrupt document)"
        case .storage(let reason):
            "存储失败 (storage failed)：\(reason)"
        }
    }

    /// Whether the fault is the input's (exit 1 / HTTP 4xx) rather than the system's (exit 2 / 5xx).
    public var isInputProblem: Bool {
        switch self {
        case .notFound, .refused, .illegalTransition, .forbidden: true
        case .corrupt, .storage: false
        }
    }
}
