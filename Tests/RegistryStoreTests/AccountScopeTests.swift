import Foundation
import Testing
import Supervision
@testable import RegistryStore

struct AccountScopeTests {
    let path = NSTemporaryDirectory() + "scope-test-\(UUID().uuidString).sqlite"

    @Test func anAccountKeepsItsDepartmentAndTownshipAndAMoveIsInTheHistory() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        let added = try store.addUser(
            username: "wang", passwordHash: "x", role: .inspector, scope: AccountScope(department: "住建局", township: "大埔镇"), actor: "admin")
        #expect(added.department == "住建局" && added.township == "大埔镇")
        let moved = try store.setScope(AccountScope(township: "东泉镇"), username: "wang", actor: "admin", reason: "调岗")
        #expect(moved.department == nil && moved.township == "东泉镇")
        #expect(try store.users().first?.township == "东泉镇")
        let events = try store.ledger.read { try $0.events(of: EntityRef(.user, added.id)) }
        let last = try #require(events.last)
        #expect(last.reason == "调岗")
        #expect(Set(last.changes.map(\.field)) == ["department", "township"])
    }

    @Test func anEmptyDepartmentMeansCountyWide() {
        #expect(AccountScope(department: "", township: nil) == .countyWide)
    }

    @Test func movingAnUnknownAccountIsRefused() throws {
        let store = try RegistryStore.create(path: path, settings: .liucheng)
        #expect(throws: StoreError.self) { try store.setScope(.countyWide, username: "nobody", actor: "admin", reason: nil) }
    }
}
