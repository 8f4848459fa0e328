import Supervision
import Testing

struct TracingSettingsTests {
    @Test func defaultsAreTheCountyGovernmentAndThirtyMetres() throws {
        #expect(TracingSettings.defaults.government == "柳城县人民政府")
        #expect(TracingSettings.defaults.channelEndToleranceM == 30)
        try TracingSettings.defaults.check()
    }

    @Test func anEmptyPartyOrAToleranceOutOfRangeIsRefused() {
        #expect(throws: LedgerError.self) { try TracingSettings(government: " ").check() }
        #expect(throws: LedgerError.self) { try TracingSettings(channelEndToleranceM: 0).check() }
        #expect(throws: LedgerError.self) { try TracingSettings(channelEndToleranceM: 1_001).check() }
        #expect(throws: LedgerError.self) { try TracingSettings(channelEndToleranceM: .nan).check() }
    }
}
