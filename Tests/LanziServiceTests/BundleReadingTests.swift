import Foundation
import Testing
import LanziCore
import LanziSigning
@testable import LanziService

/// How a bundle's checker reads what it is given: names that must stay inside the bundle,
/// and files that are not plain files (a link, a FIFO, one too big), which it refuses to
/// follow, to wait on or to swallow.
@Suite("reading a receipt bundle")
struct BundleReadingTests {
    typealias F = ServiceFixture

    @Test("a name stays inside the bundle only if it is relative and no part of it is empty or ..",
          arguments: [
              ("records/00000001_TST-2026-000001.json", true), ("VERIFY.md", true), ("keys/.hidden", true), ("a/.../b", true),
              ("", false), ("/etc/passwd", false), ("records/", false), ("records//x", false), ("..", false),
              ("../VERIFY.md", false), ("records/../../x", false), ("records/..", false), ("./../x", false),
          ])
    func insideTheBundle(name: String, inside: Bool) {
        #expect(ReceiptBundle.isInside(name) == inside, "\(name)")
    }

    @Test("a file is read whole, whatever its size against the read buffer; a missing file, a link, a FIFO or one over the limit is not read")
    func plainFilesOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-reading-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SystemRandomNumberGenerator()
        // Either side of the 16 KiB buffer, and exactly it, which takes a read that gives nothing.
        for size in [0, 1, 16_383, 16_384, 16_385, 40_000, 1_000_000] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = folder.appendingPathComponent("file-\(size)").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            #expect(ReceiptBundle.readFile(path) == bytes, "\(size) bytes")
            #expect(ReceiptBundle.readFile(path, limit: max(0, size - 1)) == (size == 0 ? [] : nil), "\(size) bytes over a limit one less")
        }
        let directory = open(folder.path, O_RDONLY | O_DIRECTORY)
        #expect(directory >= 0)
        defer { close(directory) }
        #expect(ReceiptBundle.readFile("file-1", from: directory)?.count == 1, "a name relative to an open folder")
        #expect(ReceiptBundle.readFile("missing", from: directory) == nil)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link").path, withDestinationPath: folder.appendingPathComponent("file-1").path)
        #expect(ReceiptBundle.readFile("link", from: directory) == nil, "a link is not followed")
        // A FIFO with no writer: opened without waiting, read as nothing, never waited on.
        #expect(mkfifo(folder.appendingPathComponent("fifo").path, 0o600) == 0)
        #expect(ReceiptBundle.readFile("fifo", from: directory) ?? [] == [])
    }

    @Test("a record replaced by a link or a FIFO is named, and the check ends")
    func linkedAndFIFORecords() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let ids = try fixture.addSmallRegister()
        _ = try fixture.admin.createLease(F.lease(ids.li, ["S-001"], "2026-01-01", "2027-12-31"))
        _ = try fixture.admin.runBilling(period: Period(year: 2026, month: 1)!)
        for (index, day) in ["2026-01-05", "2026-01-06"].enumerated() {
            _ = try fixture.admin.pay(PaymentDraft(merchantID: ids.li, amount: F.yuan("10.00"), method: .cash, paidOn: F.date(day), idempotencyKey: "k\(index)"))
        }
        let bundle = fixture.folder.appendingPathComponent("bundle")
        _ = try fixture.admin.exportReceipts(from: F.date("2026-01-01"), to: F.date("2026-12-31"), directory: bundle.path)
        #expect(ReceiptBundle.verify(directory: bundle.path).isClean)
        let first = bundle.appendingPathComponent("records/00000001_TST-2026-000001.json")
        let second = bundle.appendingPathComponent("records/00000002_TST-2026-000002.json")
        // The link points at the very bytes the manifest lists: only the link is wrong.
        let kept = fixture.folder.appendingPathComponent("kept.json")
        try FileManager.default.moveItem(at: first, to: kept)
        try FileManager.default.createSymbolicLink(at: first, withDestinationURL: kept)
        try FileManager.default.removeItem(at: second)
        #expect(mkfifo(second.path, 0o644) == 0)
        let problems = ReceiptBundle.verify(directory: bundle.path).problems
        #expect(problems.contains { $0.subject == "records/00000001_TST-2026-000001.json" && $0.problem.english == "is listed in the manifest but missing" }, "\(problems)")
        #expect(problems.contains { $0.subject == "records/00000002_TST-2026-000002.json" && $0.problem.english.contains("does not have the SHA-256 the manifest gives") },
                "\(problems)")
    }
}
