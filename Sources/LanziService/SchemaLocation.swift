import Foundation

/// Where the `schema/` migrations are read from at run time. They stay at the top of the
/// repository (not copied into a target), so the binary looks for them: first in
/// `$LANZI_SCHEMA_DIR`, then in a `schema/` folder beside the executable or in one of its
/// parent folders (which finds the repository's from `.build/release/lanzi`), then in
/// `../share/lanzi/schema` beside an installed binary.
package enum SchemaLocation {
    package static func find() -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["LANZI_SCHEMA_DIR"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("schema")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("0001_register.sql").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return executable.deletingLastPathComponent().appendingPathComponent("../share/lanzi/schema").standardized
    }
}
