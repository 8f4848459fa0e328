import Accounts
import Foundation
import Registry
import RegistryStore
import Supervision
import Testing
import TestSupport

@testable import Workflows

/// Who may see and move a remediation case: the step's permission by role, and the scope
/// by department and township (issue 15 §7), in the pure rules and through the real store.
struct CaseAccessTests {
    let scratch = TemporaryDirectory()

    // MARK: Pure rules

    /// Every (event, state) pair: the permission the step needs.
    @Test func everyEventFromEveryStateNeedsItsPermission() {
        for event in CaseEvent.allCases {
            for state in CaseState.allCases {
                let expected: Permission =
                    switch event {
                    case .start, .submitForCheck: .recordFieldWork
                    case .countyClose, .reopen: .preClose
                    case .close: .close
                    case .return: state == .countyClosed ? .close : .preClose
                    }
                #expect(CaseAccess.permission(for: event, from: state) == expected, "\(event) from \(state)")
            }
        }
    }

    /// Every role × (see, advance, pre-close, close), by hand.
    @Test func everyRoleSeesAdvancesPreClosesAndClosesAsItsPermissionsSay() {
        let table: [Role: (see: Bool, advance: Bool, preClose: Bool, close: Bool)] = [
            .public: (false, false, false, false), .viewer: (true, false, false, false), .inspector: (true, true, false, false),
            .reviewer: (true, false, false, false), .verifier: (true, false, true, false), .closer: (true, false, false, true),
            .handler: (true, false, false, false), .planner: (true, true, false, false), .admin: (true, true, true, true),
        ]
        #expect(Set(table.keys) == Set(Role.allCases))
        func item(_ state: CaseState) -> RemediationCase {
            RemediationCase(id: 1, outfallID: 1, remediationClass: .regularise, department: "住建局", township: "大埔镇", deadline: "2024-12-31", state: state)
        }
        for (role, expected) in table {
            let who = Acting(name: "某人", role: role)
            #expect((CaseAccess.refusalToSee(item(.pending), by: who) == nil) == expected.see, "\(role) see")
            #expect((CaseAccess.refusalToAct(.start, on: item(.pending), by: who) == nil) == expected.advance, "\(role) start")
            #expect((CaseAccess.refusalToAct(.submitForCheck, on: item(.inProgress), by: who) == nil) == expected.advance, "\(role) submit")
            #expect((CaseAccess.refusalToAct(.countyClose, on: item(.awaitingCheck), by: who) == nil) == expected.preClose, "\(role) pre-close")
            #expect((CaseAccess.refusalToAct(.return, on: item(.awaitingCheck), by: who) == nil) == expected.preClose, "\(role) return at check")
            #expect((CaseAccess.refusalToAct(.close, on: item(.countyClosed), by: who) == nil) == expected.close, "\(role) close")
            #expect((CaseAccess.refusalToAct(.return, on: item(.countyClosed), by: who) == nil) == expected.close, "\(role) return at close-out")
        }
    }

    @Test func departmentTownshipAndBureauScopes() {
        let housing = RemediationCase(outfallID: 1, remediationClass: .regularise, department: "住建局", township: "大埔镇", deadline: "2024-12-31")
        let farming = RemediationCase(outfallID: 2, remediationClass: .consolidate, department: "农业农村局", township: "马山镇", deadline: "2024-12-31")
        let nowhere = RemediationCase(outfallID: 3, remediationClass: .consolidate, department: "住建局", township: nil, deadline: "2024-12-31")
        let bureau = Acting(name: "局", role: .viewer)
        let department = Acting(name: "住建", role: .inspector, department: " 住建局 ")
        let township = Acting(name: "大埔", role: .inspector, township: "大埔镇")
        let both = Acting(name: "住建大埔", role: .inspector, department: "住建局", township: "马山镇")
        #expect([housing, farming, nowhere].map(bureau.covers) == [true, true, true])
        #expect([housing, farming, nowhere].map(department.covers) == [true, false, true])
        #expect([housing, farming, nowhere].map(township.covers) == [true, false, false])
        #expect([housing, farming, nowhere].map(both.covers) == [false, false, false])
        #expect(bureau.scopeLabel == "全县" && department.scopeLabel == "住建局" && both.scopeLabel == "住建局 · 马山镇")
        let refusal = CaseAccess.refusalToAct(.start, on: farming, by: department)
        #expect(refusal?.contains("农业农村局") == true && refusal?.contains("住建局") == true)
    }

    // MARK: Through the store

    struct World {
        var ledger: Ledger
        var registry: Registry
        var housing: Int64
        var farming: Int64
        var housingTownship: String
        var farmingTownship: String
    }

    /// Two abnormal outfalls in different townships, a case each for different departments,
    /// and an account for every role (county-wide) plus department and township accounts.
    func world() throws -> World {
        let sample = try SampleData()
        let registry = try Registry.create(path: scratch.file("sample.sqlite"), settings: sample.settings)
        _ = try sample.load(into: registry, actor: "tester")
        let ledger = Ledger(registry: registry)
        // On the rivers the targets count, so that the progress figures include them.
        let listings = try registry.outfalls().filter { $0.township != nil && Ledger.scopeRivers.contains($0.snap?.river ?? "") }
        let first = try #require(listings.first)
        let second = try #require(listings.first { $0.township != first.township })
        for listing in [first, second] {
            try ledger.addAbnormal(outfall: String(listing.outfall.id ?? 0), reason: "旱天有污水排出", actor: "bureau", at: "2024-01-05T02:00:00.000Z")
        }
        let housing = try ledger.openCase(
            outfall: String(first.outfall.id ?? 0), remediationClass: .regularise, department: "住建局", deadline: "2024-12-31", actor: "bureau",
            at: "2024-01-10T02:00:00.000Z")
        let farming = try ledger.openCase(
            outfall: String(second.outfall.id ?? 0), remediationClass: .consolidate, department: "农业农村局", deadline: "2024-12-31", actor: "bureau",
            at: "2024-01-10T02:00:00.000Z")
        for role in Role.allCases where role != .public {
            for n in 1...2 { _ = try registry.addUser(username: "\(role.rawValue)\(n)", passwordHash: "x", role: role, actor: "admin") }
        }
        _ = try registry.addUser(username: "住建员", passwordHash: "x", role: .inspector, scope: AccountScope(department: "住建局"), actor: "admin")
        _ = try registry.addUser(username: "农业员", passwordHash: "x", role: .inspector, scope: AccountScope(department: "农业农村局"), actor: "admin")
        _ = try registry.addUser(
            username: "乡镇员", passwordHash: "x", role: .inspector, scope: AccountScope(township: first.township), actor: "admin")
        _ = try registry.addUser(
            username: "住建核查", passwordHash: "x", role: .verifier, scope: AccountScope(department: "住建局"), actor: "admin")
        return World(
            ledger: ledger, registry: registry, housing: try #require(housing.id), farming: try #require(farming.id),
            housingTownship: try #require(first.township), farmingTownship: try #require(second.township))
    }

    func photo(_ name: String) -> String {
        let path = scratch.file(name)
        FileManager.default.createFile(atPath: path, contents: Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(name.utf8)))
        return path
    }

    func isForbidden(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let error as LedgerError {
            if case .forbidden = error { return true }
            return false
        } catch {
            return false
        }
    }

    /// Every role tries every step of one case through the ledger: only the permitted one
    /// succeeds; the others are refused as forbidden, saying why.
    @Test func everyRoleTriesEveryStepThroughTheLedger() throws {
        let w = try world()
        let l = w.ledger
        let roles = Role.allCases.filter { $0 != .public }
        for role in roles {
            let who = try l.acting("\(role.rawValue)1")
            #expect(who.role == role && who.isCountyWide)
            #expect((try? l.remediationCase(w.housing, visibleTo: who)) != nil, "\(role) sees")
            #expect(try l.cases(visibleTo: who).count == 2)
        }
        func attempt(_ target: CaseState, step: Ledger.CaseStep = Ledger.CaseStep(), allowed: Set<Role>, by suffix: String) throws {
            for role in roles where !allowed.contains(role) {
                let who = try l.acting("\(role.rawValue)\(suffix)")
                #expect(isForbidden { _ = try l.advance(w.housing, to: target, step: step, by: who) }, "\(role) → \(target)")
            }
            let permitted = try #require(roles.first { allowed.contains($0) && $0 != .admin })
            _ = try l.advance(w.housing, to: target, step: step, by: try l.acting("\(permitted.rawValue)\(suffix)"))
        }
        try attempt(.inProgress, allowed: [.inspector, .planner, .admin], by: "1")
        let evidence = Ledger.CaseStep(evidence: [(.before, photo("b.jpg")), (.during, photo("d.jpg")), (.after, photo("a.jpg"))])
        try attempt(.awaitingCheck, step: evidence, allowed: [.inspector, .planner, .admin], by: "1")
        let check = Ledger.CaseStep(verification: CaseVerification(checkedBy: "王五", checkedOn: "2024-09-15", onSite: true))
        try attempt(.countyClosed, step: check, allowed: [.verifier, .admin], by: "1")
        // The verifier who pre-closed may not close even with the permission (admin2 is another person).
        #expect(throws: LedgerError.self) { _ = try l.advance(w.housing, to: .closed, by: try l.acting("verifier1")) }
        try attempt(.closed, allowed: [.closer, .admin], by: "2")
        #expect(try l.remediationCase(w.housing, visibleTo: try l.acting("viewer1")).state == .closed)
        // Nobody reviews their own work, whatever their role: the submitter cannot pre-close.
        _ = try l.advance(w.farming, to: .inProgress, by: try l.acting("admin1"))
        _ = try l.advance(w.farming, to: .awaitingCheck, step: evidence, by: try l.acting("admin1"))
        #expect(throws: LedgerError.self) { _ = try l.advance(w.farming, to: .countyClosed, step: check, by: try l.acting("admin1")) }
        _ = try l.advance(w.farming, to: .countyClosed, step: check, by: try l.acting("admin2"))
        #expect(throws: LedgerError.self) { _ = try l.advance(w.farming, to: .closed, by: try l.acting("admin2")) }
        #expect(throws: LedgerError.self) { _ = try l.advance(w.farming, to: .closed, by: try l.acting("admin1")) }
        _ = try l.advance(w.farming, to: .closed, by: try l.acting("closer1"))
    }

    @Test func departmentsAndTownshipsSeeAndAdvanceOnlyTheirOwn() throws {
        let w = try world()
        let l = w.ledger
        let housingStaff = try l.acting("住建员")
        let farmingStaff = try l.acting("农业员")
        let townshipStaff = try l.acting("乡镇员")
        let bureau = try l.acting("viewer1")
        #expect(try l.cases(visibleTo: housingStaff).map(\.id) == [w.housing])
        #expect(try l.cases(visibleTo: farmingStaff).map(\.id) == [w.farming])
        #expect(try l.cases(visibleTo: townshipStaff).map(\.id) == [w.housing])
        #expect(try l.cases(visibleTo: bureau).count == 2)

        #expect(isForbidden { _ = try l.remediationCase(w.farming, visibleTo: housingStaff) })
        #expect(isForbidden { _ = try l.caseHistory(w.farming, visibleTo: townshipStaff) })
        #expect(throws: LedgerError.notFound(RemediationCase.kind, "999")) { _ = try l.remediationCase(999, visibleTo: housingStaff) }
        #expect(isForbidden { _ = try l.advance(w.farming, to: .inProgress, by: housingStaff) })
        #expect(isForbidden { _ = try l.advance(w.farming, to: .inProgress, by: townshipStaff) })
        _ = try l.advance(w.farming, to: .inProgress, by: farmingStaff)
        _ = try l.advance(w.housing, to: .inProgress, by: townshipStaff)
        // A department's verifier pre-closes only its department's cases.
        let evidence = Ledger.CaseStep(evidence: [(.before, photo("b.jpg")), (.during, photo("d.jpg")), (.after, photo("a.jpg"))])
        _ = try l.advance(w.farming, to: .awaitingCheck, step: evidence, by: farmingStaff)
        let check = Ledger.CaseStep(verification: CaseVerification(checkedBy: "王五", checkedOn: "2024-09-15", onSite: true))
        #expect(isForbidden { _ = try l.advance(w.farming, to: .countyClosed, step: check, by: try l.acting("住建核查")) })

        // Progress: each sees its own figures; the bureau the county's.
        let day = "2099-12-31"
        #expect(try l.progress(asOf: day, visibleTo: bureau).first?.abnormal == l.progress(asOf: day).first?.abnormal)
        func figures(_ who: Acting?, by: String) throws -> [String: Int] {
            Dictionary(try l.progress(asOf: day, by: by, visibleTo: who).map { ($0.group ?? "", $0.abnormal) }, uniquingKeysWith: +)
        }
        #expect(try figures(nil, by: "department") == ["住建局": 1, "农业农村局": 1])
        #expect(try figures(housingStaff, by: "department") == ["住建局": 1])
        #expect(try figures(farmingStaff, by: "department") == ["农业农村局": 1])
        #expect(try figures(townshipStaff, by: "township") == [w.housingTownship: 1])
        #expect(try l.progress(asOf: day, visibleTo: housingStaff).first?.abnormal == 1)

        // Opening: planners and admins only, inside their scope.
        #expect(isForbidden {
            _ = try l.openCase(outfall: "1", remediationClass: .regularise, department: "住建局", deadline: "2024-12-31", by: housingStaff)
        })
        // Half-yearly reports: a department's own only; the bureau any and the county summary.
        let half = try #require(DepartmentReport.Period(parsing: "2024H1"))
        #expect(try l.departmentReport(department: "住建局", period: half, by: housingStaff).cases.count == 1)
        #expect(isForbidden { _ = try l.departmentReport(department: "农业农村局", period: half, by: housingStaff) })
        #expect(isForbidden { _ = try l.departmentReport(department: nil, period: half, by: housingStaff) })
        #expect(isForbidden { _ = try l.departmentReport(department: "住建局", period: half, by: townshipStaff) })
        #expect(try l.departmentReport(department: nil, period: half, by: bureau).cases.count == 2)

        // A disabled account is refused outright.
        try w.registry.setDisabled(true, username: "住建员", actor: "admin")
        #expect(isForbidden { _ = try l.acting("住建员") })
        // A name that is no account is the database's operator.
        #expect(try l.acting("root").role == .admin)
    }
}
