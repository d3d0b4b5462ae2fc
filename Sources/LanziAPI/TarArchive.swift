import Foundation

/// A folder as one POSIX ustar archive (POSIX.1-1988 `ustar` header, as GNU and BSD `tar`
/// read it), so that a committee takes a signed receipts export home as one download and
/// unpacks it with the stock `tar -xf`. Folders and regular files only, names up to 100
/// bytes (an export's longest is about 45), written in sorted order so that the same folder
/// gives the same bytes.
enum TarArchive {
    struct NameTooLong: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is longer than a tar header holds (100 bytes)" }
    }

    /// The archive of `folder`, its entries under `root/`.
    static func folder(_ folder: URL, as root: String) throws -> [UInt8] {
        var archive: [UInt8] = []
        try add(folder, name: root, into: &archive)
        // Two zero blocks end the archive.
        archive += [UInt8](repeating: 0, count: 1024)
        return archive
    }

    private static func add(_ url: URL, name: String, into archive: inout [UInt8]) throws {
        let values = try url.resourceValues(forKeys: [.isDirectoryKey])
        if values.isDirectory == true {
            archive += try header(name: name + "/", size: 0, isFolder: true)
            let children = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            for child in children { try add(url.appendingPathComponent(child), name: name + "/" + child, into: &archive) }
        } else {
            let bytes = [UInt8](try Data(contentsOf: url))
            archive += try header(name: name, size: bytes.count, isFolder: false)
            archive += bytes
            archive += [UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512)
        }
    }

    /// One 512-byte header: the fields as octal text, the checksum over the header with its
    /// own field taken as eight spaces.
    static func header(name: String, size: Int, isFolder: Bool) throws -> [UInt8] {
        let nameBytes = Array(name.utf8)
        guard nameBytes.count <= 100 else { throw NameTooLong(name: name) }
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) { for (index, byte) in bytes.enumerated() { block[offset + index] = byte } }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits).utf8) + [0]
        }
        put(nameBytes, at: 0)
        put(octal(isFolder ? 0o755 : 0o644, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148)
        block[156] = isFolder ? UInt8(ascii: "5") : UInt8(ascii: "0")
        put(Array("ustar".utf8) + [0], at: 257)
        put(Array("00".utf8), at: 263)
        let checksum = block.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7) + [UInt8(ascii: " ")], at: 148)
        return block
    }
}
