import Testing
import Accounts
@testable import Supervision

/// Every (state, event) pair of the outfall lifecycle and of survey review.
struct LifecycleTests {
    static let allowed: [OutfallLifecycle: [OutfallLifecycle.Event: OutfallLifecycle]] = [
        .suspected: [.verify: .verified, .rejectAsNotOutfall: .notOutfall, .registerExisting: .existing, .registerNew: .new],
        .verified: [.rejectAsNotOutfall: .notOutfall, .registerExisting: .existing, .registerNew: .new, .cancel: .cancelled],
        .notOutfall: [.reopen: .suspected],
        .existing: [.cancel: .cancelled],
        .new: [.cancel: .cancelled],
        .cancelled: [:],
    ]

    @Test(arguments: OutfallLifecycle.allCases)
    func everyLifecycleEvent(from state: OutfallLifecycle) {
        for event in OutfallLifecycle.Event.allCases {
            switch state.after(event) {
            case .success(let next):
                #expect(Self.allowed[state]?[event] == next, "\(state) + \(event)")
            case .failure(let refusal):
                #expect(Self.allowed[state]?[event] == nil, "\(state) + \(event) refused: \(refusal.reason)")
                #expect(!refusal.reason.isEmpty)
            }
        }
    }

    @Test func everyReviewEvent() {
        let allowed: [ReviewState: [ReviewState.Event: ReviewState]] = [
            .pending: [.accept: .accepted, .return: .returned], .returned: [.resubmit: .pending], .accepted: [:],
        ]
        for state in ReviewState.allCases {
            for event in ReviewState.Event.allCases {
                switch state.after(event) {
                case .success(let next): #expect(allowed[state]?[event] == next, "\(state) + \(event)")
                case .failure: #expect(allowed[state]?[event] == nil, "\(state) + \(event)")
                }
            }
        }
    }
}

/// Roles are checked by permission, in one place.
struct RolePermissionTests {
    @Test func eachRoleMayDoWhatItsJobNeeds() {
        #expect(Role.public.permissions.isEmpty)
        #expect(Role.viewer.permissions == [.read])
        #expect(Role.inspector.can(.recordFieldWork) && !Role.inspector.can(.review) && !Role.inspector.can(.editRegistry))
        #expect(Role.reviewer.can(.review) && !Role.reviewer.can(.recordFieldWork))
        #expect(Role.planner.can(.editRegistry) && Role.planner.can(.recordFieldWork) && !Role.planner.can(.manageUsers))
        #expect(Permission.allCases.allSatisfy(Role.admin.can))
        // "At least a planner" still means planner or admin.
        #expect(Role.allCases.filter { $0 >= .planner } == [.planner, .admin])
        #expect(Role.allCases.filter { $0 > .public }.count == 8)
        // The close-out's two checks and tip handling are each one job, nothing else.
        #expect(Role.verifier.permissions == [.read, .preClose])
        #expect(Role.closer.permissions == [.read, .close])
        #expect(Role.handler.permissions == [.read, .handleTips])
        #expect(!Role.verifier.can(.close) && !Role.closer.can(.preClose))
        #expect(Role.planner.can(.decideApplications) && !Role.reviewer.can(.decideApplications))
    }
}
