import Foundation
import Testing
import LanziCore
@testable import LanziService

/// A manifest's file list is read in two halves at once; whatever the bytes, the answer must
/// be the one a single reading from the start gives.
@Suite("reading a manifest's file list")
struct ManifestReadingTests {
    /// A manifest of `count` files (canonical JSON, so escapes are as the exporter writes
    /// them), with `after` as a member that follows the list.
    static func manifest(_ files: [(String, String)], after: JSONValue = .null) throws -> [UInt8] {
        try CanonicalJSON.bytes(of: .object([
            ("count", .integer(Int64(files.count))),
            ("files", .array(files.map { .object([("name", .string($0.0)), ("sha256", .string($0.1))]) })),
            ("last", after),
        ]))
    }

    static func files(_ count: Int) -> [(String, String)] {
        (0..<count).map { index in
            // Every so often a name that holds the very bytes the halves are split at, escaped.
            let name = index % 997 == 0 ? "records/\(index)_},{\"name\":\"x\\.json" : "records/\(index).json"
            return (name, String(repeating: index % 2 == 0 ? "ab" : "0f", count: 32))
        }
    }

    @Test("a list of megabytes comes out whole and in order, names with quotes and backslashes included")
    func longList() throws {
        let files = Self.files(30_000)
        let bytes = try Self.manifest(files)
        #expect(bytes.count > 2 << 20, "long enough to be read in halves")
        let read = try #require(ReceiptBundle.shallowManifest(bytes))
        #expect(read.files.count == files.count)
        #expect(zip(read.files, files).allSatisfy { $0.name == $1.0 && $0.digest == $1.1 })
        #expect(read.members.map(\.0) == ["count", "last"])
    }

    @Test("an entry of another shape in either half, holding the split bytes itself, makes the list unreadable",
          arguments: [100, 15_100, 29_000])
    func brokenEntry(at position: Int) throws {
        let bytes = try Self.manifest(Self.files(30_000))
        // Entry `position`'s digest, a string, turned into an object and a second entry.
        let text = String(decoding: bytes, as: UTF8.self)
        let name = try #require(text.range(of: "\"records/\(position).json\",\"sha256\":"))
        let digest = text.utf8.distance(from: text.startIndex, to: name.upperBound)
        var broken = bytes
        broken.replaceSubrange(digest..<(digest + 66), with: Array("{\"a\":1},{\"name\":\"y\"}".utf8))
        #expect(ReceiptBundle.shallowManifest(broken) == nil)
    }

    @Test("where the split bytes stand past the list, in a member after it, the list is still read right")
    func splitBytesPastTheList() throws {
        let files = Self.files(10)
        let long = JSONValue.array((0..<80_000).map { _ in .object([("name", .string("decoy"))]) })
        let bytes = try Self.manifest(files, after: long)
        #expect(bytes.count > 1 << 20)
        let read = try #require(ReceiptBundle.shallowManifest(bytes))
        #expect(read.files.map(\.name) == files.map(\.0))
        #expect(read.members.map(\.0) == ["count", "last"])
    }
}
