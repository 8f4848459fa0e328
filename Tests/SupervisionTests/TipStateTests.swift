import Testing
@testable import Supervision

/// Every (state, event) pair of a tip from the public, and the steps refused without an answer,
/// an outfall or a reason.
struct TipStateTests {
    /// A handler's step that brings everything (an answer, an outfall, a reason), not confirmed.
    static let complete = TipFacts(hasAnswer: true, confirmed: false, hasOutfall: true, hasReason: true)

    static let allowed: [TipState: [TipEvent: TipState]] = [
        .received: [.verify: .verifying, .reject: .rejected],
        .verifying: [.resolve: .resolved, .reject: .rejected],
        .resolved: [.reopen: .verifying],
        .rejected: [.reopen: .verifying],
    ]

    @Test(arguments: TipState.allCases)
    func everyEventFrom(_ state: TipState) {
        for event in TipEvent.allCases {
            switch state.after(event, facts: Self.complete) {
            case .success(let next): #expect(Self.allowed[state]?[event] == next, "\(state) + \(event)")
            case .failure(let refusal): #expect(Self.allowed[state]?[event] == nil, "\(state) + \(event): \(refusal.reason)")
            }
        }
    }

    @Test func resolvingPublishesAnAnswer() {
        #expect(TipState.verifying.after(.resolve, facts: TipFacts(hasOutfall: true)) == .failure(.init("办结须填写公开答复（举报人凭查询码可见）")))
    }

    @Test func aConfirmedTipNamesItsOutfall() {
        #expect(TipState.verifying.after(.resolve, facts: TipFacts(hasAnswer: true, confirmed: true)) == .failure(.init("情况属实须指明涉及的排污口")))
        #expect(TipState.verifying.after(.resolve, facts: TipFacts(hasAnswer: true, confirmed: true, hasOutfall: true)) == .success(.resolved))
    }

    @Test func aRejectionGivesItsReasonAndIsNeverConfirmed() {
        #expect(TipState.received.after(.reject, facts: TipFacts()) == .failure(.init("不予受理须说明理由（公开答复）")))
        #expect(TipState.received.after(.reject, facts: TipFacts(hasAnswer: true, confirmed: true, hasOutfall: true)) == .failure(.init("不予受理的举报不能认定属实")))
    }

    @Test func reopeningNeedsAReason() {
        #expect(TipState.resolved.after(.reopen, facts: TipFacts(hasAnswer: true)) == .failure(.init("重新核查须说明原因")))
        #expect(TipState.rejected.after(.reopen, facts: TipFacts(hasReason: true)) == .success(.verifying))
    }

    @Test func trackingNumbersAreTwelveCrockfordCharactersAndReadBackAsTyped() {
        let numbers = (0..<200).map { _ in TrackingNumber.random() }
        #expect(Set(numbers).count == numbers.count)
        for n in numbers {
            #expect(n.count == 12)
            #expect(n.allSatisfy { TrackingNumber.alphabet.contains($0) })
            #expect(TrackingNumber.normalized(n.lowercased()) == n)
        }
        #expect(TrackingNumber.normalized("abcd-efgh-jk0o") == "ABCDEFGHJK00")
        #expect(TrackingNumber.normalized("ABCDEFGHJKMU") == nil)  // U is not in the alphabet
        #expect(TrackingNumber.normalized("ABC") == nil)
        #expect(TrackingNumber.normalized("<script>alert") == nil)
    }

    @Test func publicationSettingsRefuseLimitsOutOfRange() {
        #expect(PublicationSettings().problem() == nil)
        #expect(PublicationSettings(tipsPerHour: 0).problem() != nil)
        #expect(PublicationSettings(tipsPerHour: 10, tipsPerDay: 5).problem() != nil)
        #expect(PublicationSettings(supervisionPhone: "0772-<b>").problem() != nil)
        #expect(PublicationSettings(supervisionPhone: "0772-6612345").problem() == nil)
    }
}
