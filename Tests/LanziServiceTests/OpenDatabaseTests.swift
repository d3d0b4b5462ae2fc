import Foundation
import Testing
import LanziCore
@testable import LanziService
@testable import LanziStore

/// `LanziService.openDatabase`: a missing file is not silently made, migrations are recorded
/// with their SHA-256, and a schema that disagrees with the record is refused.
struct OpenDatabaseTests {
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-open-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("a missing database is refused without create, and no file is made")
    func missingFile() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("none.db").path
        let result = Outcome.capture { _ = try LanziService.openDatabase(at: path, create: false, schemaDirectory: ServiceFixture.schemaDirectory, clock: ServiceFixture.clock) }
        #expect(result.outcome == .unavailable)
        #expect(result.message.contains(path))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a database is unavailable, and left as it was")
    func notADatabase() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("notes.db")
        let text = String(repeating: "not a database, just some notes\n", count: 64)
        try Data(text.utf8).write(to: url)
        #expect(Outcome { _ = try LanziService.openDatabase(at: url.path, create: false, schemaDirectory: ServiceFixture.schemaDirectory, clock: ServiceFixture.clock) } == .unavailable)
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
    }

    static let sha256sum = "/usr/bin/sha256sum"

    @Test("each migration is recorded with the SHA-256 of its file, as sha256sum computes it",
          .enabled(if: FileManager.default.isExecutableFile(atPath: OpenDatabaseTests.sha256sum), "skipped: /usr/bin/sha256sum is missing"))
    func checksumsAreSHA256() throws {
        let fixture = try ServiceFixture(market: false)
        defer { fixture.close() }
        let records = try fixture.queue.read { database in
            try database.rows("SELECT version, name, checksum FROM schema_migrations ORDER BY version").map {
                (try $0.int("version"), try $0.text("name"), try $0.text("checksum"))
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: ServiceFixture.schemaDirectory.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(records.count == files.count)
        #expect(records.first?.1 == "register")
        for (record, file) in zip(records, files) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.sha256sum)
            process.arguments = [ServiceFixture.schemaDirectory.appendingPathComponent(file).path]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let expected = String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
            #expect(record.2 == expected, "\(file)")
            #expect(record.2.count == 64)
        }
    }

    @Test("opening again applies nothing; a changed migration makes the database unavailable")
    func changedSchema() throws {
        let folder = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let schema = folder.appendingPathComponent("schema", isDirectory: true)
        try FileManager.default.copyItem(at: ServiceFixture.schemaDirectory, to: schema)
        let path = folder.appendingPathComponent("lanzi.db").path
        do {
            let queue = try LanziService.openDatabase(at: path, create: true, schemaDirectory: schema, clock: ServiceFixture.clock)
            try LanziService(queue: queue, caller: .localAdministrator(login: "t"), clock: ServiceFixture.clock).initialize(market: ServiceFixture.market)
        }
        let reopened = try LanziService.openDatabase(at: path, create: false, schemaDirectory: schema, clock: ServiceFixture.clock)
        #expect(try LanziService(queue: reopened, caller: .localAdministrator(login: "t"), clock: ServiceFixture.clock).market() == ServiceFixture.market)

        let file = schema.appendingPathComponent("0001_register.sql")
        try Data((try String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").utf8).write(to: file)
        let result = Outcome.capture { _ = try LanziService.openDatabase(at: path, create: false, schemaDirectory: schema, clock: ServiceFixture.clock) }
        #expect(result.outcome == .unavailable)
        #expect(result.message.contains("migration 1 (register) was changed"))

        let emptySchema = folder.appendingPathComponent("empty", isDirectory: true)
        try FileManager.default.createDirectory(at: emptySchema, withIntermediateDirectories: true)
        #expect(Outcome { _ = try LanziService.openDatabase(at: path, create: false, schemaDirectory: emptySchema, clock: ServiceFixture.clock) } == .unavailable)
    }
}
