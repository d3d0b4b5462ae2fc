import Foundation
import Testing
@testable import LanziService

/// Where the binary looks for `schema/`, decided for executables laid out in a throwaway folder.
@Suite("SchemaLocation")
struct SchemaLocationTests {
    /// A folder tree under the system's temporary folder (links resolved), removed by `close()`.
    struct Tree {
        let root: URL

        init() throws {
            let made = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-schema-location-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
            root = made.resolvingSymlinksInPath()
        }

        func close() { try? FileManager.default.removeItem(at: root) }

        /// `ROOT/path` as a folder holding the first migration.
        @discardableResult
        func schema(_ path: String) throws -> URL {
            let folder = root.appendingPathComponent(path, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("-- first\n".utf8).write(to: folder.appendingPathComponent("0001_register.sql"))
            return folder
        }

        func folder(_ path: String) throws -> URL {
            let folder = root.appendingPathComponent(path, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        func executable(_ path: String) -> URL { root.appendingPathComponent(path) }
    }

    static func message(_ body: () throws -> URL) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as ServiceError {
            guard error.code == .unavailable else { return "not unavailable: \(error)" }
            return error.message.english
        } catch {
            return "not a ServiceError: \(error)"
        }
    }

    @Test("the nearest schema/ at or above the executable's folder comes first, as in .build/debug/lanzi")
    func nearestAbove() throws {
        let tree = try Tree()
        defer { tree.close() }
        try tree.schema("repository/schema")
        try tree.schema("repository/.build/share/lanzi/schema")
        let executable = tree.executable("repository/.build/debug/lanzi")
        #expect(try SchemaLocation.find(environment: [:], executable: executable).path == tree.root.appendingPathComponent("repository/schema").path)
        // One nearer still wins.
        let nearer = try tree.schema("repository/.build/debug/schema")
        #expect(try SchemaLocation.find(environment: [:], executable: executable).path == nearer.path)
    }

    @Test("an installed binary finds ../share/lanzi/schema beside it")
    func installed() throws {
        let tree = try Tree()
        defer { tree.close() }
        let installed = try tree.schema("usr/local/share/lanzi/schema")
        #expect(try SchemaLocation.find(environment: ["LANZI_SCHEMA_DIR": ""], executable: tree.executable("usr/local/bin/lanzi")).path == installed.path)
    }

    @Test("a folder named schema without the first migration is passed over")
    func emptySchemaFolderPassedOver() throws {
        let tree = try Tree()
        defer { tree.close() }
        _ = try tree.folder("opt/lanzi/schema")
        let installed = try tree.schema("opt/share/lanzi/schema")
        #expect(try SchemaLocation.find(environment: [:], executable: tree.executable("opt/lanzi/lanzi")).path == installed.path)
    }

    @Test("LANZI_SCHEMA_DIR comes before everything; one that names no folder is refused naming it")
    func environmentFirst() throws {
        let tree = try Tree()
        defer { tree.close() }
        try tree.schema("usr/share/lanzi/schema")
        let chosen = try tree.folder("elsewhere/migrations")   // its contents are the migrator's to judge
        let executable = tree.executable("usr/bin/lanzi")
        #expect(try SchemaLocation.find(environment: ["LANZI_SCHEMA_DIR": chosen.path], executable: executable).path == chosen.path)
        let missing = tree.root.appendingPathComponent("nothing").path
        #expect(Self.message { try SchemaLocation.find(environment: ["LANZI_SCHEMA_DIR": missing], executable: executable) }
                == "LANZI_SCHEMA_DIR is \(missing), which is not a folder; set it to the schema/ folder of lanzi's migrations, or unset it")
        let file = tree.root.appendingPathComponent("usr/share/lanzi/schema/0001_register.sql").path
        #expect(Self.message { try SchemaLocation.find(environment: ["LANZI_SCHEMA_DIR": file], executable: executable) }?.hasPrefix("LANZI_SCHEMA_DIR is \(file), which is not a folder") == true)
    }

    @Test("with no schema anywhere the error names every place it looked")
    func nowhere() throws {
        let tree = try Tree()
        defer { tree.close() }
        let executable = tree.executable("copy/bin/lanzi")
        let message = try #require(Self.message { try SchemaLocation.find(environment: ["PATH": "/usr/bin"], executable: executable) })
        #expect(message == """
            cannot find the schema migrations (schema/0001_register.sql and the rest); looked in:
              $LANZI_SCHEMA_DIR: not set
              a schema/ folder in \(tree.root.path)/copy/bin or any folder above it: none
              \(tree.root.path)/copy/share/lanzi/schema: none
            install lanzi with tools/install, or set LANZI_SCHEMA_DIR to the schema/ folder
            """)
    }

    @Test("the running executable is its real file, not a link to it")
    func executableIsReal() throws {
        let executable = SchemaLocation.executable()
        #expect(executable.path.hasPrefix("/"))
        #expect(FileManager.default.isExecutableFile(atPath: executable.path))
        #expect(executable.resolvingSymlinksInPath().path == executable.path)
    }
}
