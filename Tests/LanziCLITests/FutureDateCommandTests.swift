import Foundation
import Testing

@Suite("money dated after today")
struct FutureDateCommandTests {
    @Test("pay, bill void and bill run: a date after today (LANZI_TODAY) is refused naming the option and today; nothing changes")
    func refusedWithToday() throws {
        let sandbox = try BillingFixture.sandbox(billing: ["2026-01"])
        let today = ["LANZI_TODAY": "2026-02-15"]
        let before = sandbox.snapshot()
        let attempts: [([String], String)] = [
            (["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "f-1", "--on", "2026-02-16"], "--on"),
            (["bill", "void", "1", "--reason", "录错", "--on", "2026-02-16"], "--on"),
            (["bill", "run", "--period", "2026-04"], "--period"),
        ]
        for (arguments, option) in attempts {
            let result = sandbox.lanzi(arguments, environment: today)
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(result.stderr.hasPrefix("lanzi: \(option): "), "\(result.stderr)")
            #expect(result.stderr.contains("2026-02-15"), "\(result.stderr)")
        }
        #expect(sandbox.snapshot() == before)
        // Today itself, and next month's billing, are allowed.
        #expect(sandbox.lanzi(["pay", "--merchant", "1", "--amount", "10", "--method", "cash", "--key", "f-2", "--on", "2026-02-15"], environment: today).status == 0)
        #expect(sandbox.lanzi(["bill", "run", "--period", "2026-03"], environment: today).status == 0)
    }
}
