import Foundation

/// Where the `schema/` migrations are read from at run time. They stay at the top of the
/// repository (not copied into a target), so the binary looks for them, in this order:
///
/// 1. `$LANZI_SCHEMA_DIR`, when it is set and not empty;
/// 2. a `schema/` folder beside the executable or in one of its parent folders, which finds
///    the repository's from `.build/release/lanzi`;
/// 3. `../share/lanzi/schema` beside the executable, where `tools/install` puts them.
///
/// The executable is the real file that runs (`/proc/self/exe`, symbolic links resolved), so
/// a link to an installed binary finds the schema beside the binary, not beside the link.
package enum SchemaLocation {
    /// The file whose presence marks a folder as the schema's: the first migration.
    static let firstMigration = "0001_register.sql"

    /// The folder of the migrations.
    /// - Throws: `ServiceError.unavailable` naming every place it looked, when
    ///   `$LANZI_SCHEMA_DIR` names no folder, or it is not set and none of the other places
    ///   holds the first migration.
    package static func find() throws -> URL {
        try find(environment: ProcessInfo.processInfo.environment, executable: executable())
    }

    /// `find()` for a given environment and executable (a real path, links resolved).
    static func find(environment: [String: String], executable: URL) throws -> URL {
        let fileManager = FileManager.default
        if let path = environment["LANZI_SCHEMA_DIR"], !path.isEmpty {
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ServiceError.unavailable("LANZI_SCHEMA_DIR is \(path), which is not a folder; set it to the schema/ folder of lanzi's migrations, or unset it")
            }
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        func holdsSchema(_ folder: URL) -> Bool {
            fileManager.fileExists(atPath: folder.appendingPathComponent(firstMigration).path)
        }
        let binFolder = executable.deletingLastPathComponent()
        var folder = binFolder
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("schema", isDirectory: true)
            if holdsSchema(candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        let installed = binFolder.deletingLastPathComponent().appendingPathComponent("share/lanzi/schema", isDirectory: true)
        if holdsSchema(installed) { return installed }
        // One line of source, so that the catalogue's test reads the phrase as it reads the rest.
        throw ServiceError.unavailable("cannot find the schema migrations (schema/\(firstMigration) and the rest); looked in:\n  $LANZI_SCHEMA_DIR: not set\n  a schema/ folder in \(binFolder.path) or any folder above it: none\n  \(installed.path): none\ninstall lanzi with tools/install, or set LANZI_SCHEMA_DIR to the schema/ folder")
    }

    /// The running executable's real path: `/proc/self/exe` on Linux, else the path it was
    /// started by, with symbolic links resolved either way.
    static func executable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), path.hasPrefix("/") {
            return URL(fileURLWithPath: path)
        }
        let started = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "lanzi")
        return started.resolvingSymlinksInPath()
    }
}
