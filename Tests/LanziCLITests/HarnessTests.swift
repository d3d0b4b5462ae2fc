import Foundation
import Testing
import LanziTestSupport

@Suite("the harness")
struct HarnessTests {
    @Test("the built lanzi binary is found beside the test bundle")
    func findsTheBuiltBinary() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Lanzi.executable.path), "\(Lanzi.executable.path)")
        #expect(Lanzi.executable.lastPathComponent == "lanzi")
        let sandbox = try Sandbox()
        let result = sandbox.bare("--help")
        #expect(result.status == 0, "\(result)")
    }

    /// The snapshot's dump is the stock sqlite3's: without it this test is skipped, or fails
    /// under CI (`ExternalTool`'s rule).
    @Test("a snapshot sees every change, even one only the activity log records")
    func snapshotSeesChanges() throws {
        _ = try ExternalTool.sqlite3.require()
        let sandbox = try Sandbox()
        #expect(sandbox.snapshot().contains("(no database file)"))
        try sandbox.makeMarket()
        let first = sandbox.snapshot()
        #expect(first.contains("CREATE TABLE activity_log"), "the dump holds the whole database")
        #expect(first.contains("S-001") && first.contains("李春华"))
        #expect(sandbox.snapshot() == first, "reading changes nothing")
        #expect(try sandbox.activityCount() == 7)
        // Out of service and back: the unit is as it was, but the log has two more rows.
        try sandbox.must("unit", "set-status", "S-002", "out_of_service")
        try sandbox.must("unit", "set-status", "S-002", "available")
        #expect(sandbox.snapshot() != first)
        #expect(try sandbox.activityCount() == 9)
    }
}
