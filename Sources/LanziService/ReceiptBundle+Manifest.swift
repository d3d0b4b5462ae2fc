import LanziCore
import LanziStore

/// How a bundle's checker reads its manifest, which lists two entries a record: the list
/// straight from the bytes, in two halves at once, and what it says of each folder.
extension ReceiptBundle {
    /// A manifest's members other than `files`, each parsed, and the `files` entries read
    /// straight from the bytes; nil for text that is not such an object.
    static func shallowManifest(_ bytes: [UInt8]) -> (members: [(String, JSONValue)], files: [(name: String, digest: String)])? {
        var reader = ShallowReader(bytes: bytes)
        var members: [(String, JSONValue)] = []
        var files: [(name: String, digest: String)] = []
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        if reader.take(UInt8(ascii: "}")) { return reader.atEnd ? (members, files) : nil }
        repeat {
            guard let name = reader.string(), reader.take(UInt8(ascii: ":")) else { return nil }
            if name == "files" {
                guard reader.take(UInt8(ascii: "[")) else { return nil }
                if reader.take(UInt8(ascii: "]")) { continue }
                guard let list = fileList(bytes, from: reader.position) else { return nil }
                files = list.files
                reader.position = list.end
                guard reader.take(UInt8(ascii: "]")) else { return nil }
            } else {
                let start = reader.position
                guard reader.skipValue(), let value = try? JSONValue.parse(bytes: Array(bytes[start..<reader.position]), source: "manifest.json") else { return nil }
                members.append((name, value))
            }
        } while reader.take(UInt8(ascii: ","))
        guard reader.take(UInt8(ascii: "}")), reader.atEnd else { return nil }
        return (members, files)
    }

    /// The entries of a manifest's `files` array from `start` (its first `{`) to its `]`, and
    /// the position of that `]`; nil if they are not entries of a name and a digest.
    ///
    /// Two hundred thousand entries are read in two halves at once. The second half begins
    /// where `},{"name":"` stands past the middle: in a valid manifest those bytes occur only
    /// between two entries, since a string holds no bare `"`. The first half must then end
    /// exactly there, read from the start in step with the document; if it does not (the
    /// bytes were inside something else), the list is read again in one piece, so the answer
    /// is always that of one reading from the start.
    static func fileList(_ bytes: [UInt8], from start: Int) -> (files: [(name: String, digest: String)], end: Int)? {
        let boundary = Array(#"},{"name":""#.utf8)
        let middle = start + (bytes.count - start) / 2
        if bytes.count - start >= 1 << 20, let found = firstIndex(of: boundary, in: bytes, from: middle) {
            let second = found + 2
            let rest = Background { fileEntries(bytes, from: second, stoppingAt: nil) }
            let first = fileEntries(bytes, from: start, stoppingAt: second)
            // The work throws nothing.
            if let first, first.end == second, let rest = (try? rest.value()) ?? nil { return (first.files + rest.files, rest.end) }
        }
        return fileEntries(bytes, from: start, stoppingAt: nil)
    }

    /// Entries from `start` until the array's `]` or, if `stop` is given, until the entry
    /// that begins at or past it; the position reached.
    private static func fileEntries(_ bytes: [UInt8], from start: Int, stoppingAt stop: Int?) -> (files: [(name: String, digest: String)], end: Int)? {
        var reader = ShallowReader(bytes: bytes)
        reader.position = start
        var files: [(name: String, digest: String)] = []
        repeat {
            if let stop, reader.position >= stop { return (files, reader.position) }
            guard reader.take(UInt8(ascii: "{")) else { return nil }
            var fileName: String?
            var digest: String?
            repeat {
                guard let key = reader.string(), reader.take(UInt8(ascii: ":")), let value = reader.string() else { return nil }
                if key == "name" { fileName = value } else if key == "sha256" { digest = value }
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")), let fileName, let digest else { return nil }
            files.append((fileName, digest))
        } while reader.take(UInt8(ascii: ","))
        return (files, reader.position)
    }

    /// Where `pattern` first begins in `bytes` at or after `start`.
    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == first && bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

/// What a manifest lists directly in each of some folders: how many names, and whether they
/// rise strictly byte by byte (as the exporter lists them), which makes them distinct without
/// a set of two hundred thousand names. Read a byte at a time, as `isInside` is.
struct ListedNames {
    struct Folder {
        let prefix: [UInt8]
        var count = 0
        var isRising = true
        var last: String?
    }

    private(set) var folders: [Folder]

    init(folders prefixes: [String]) {
        folders = prefixes.map { Folder(prefix: Array($0.utf8)) }
    }

    /// The next name of the manifest's list.
    mutating func take(_ name: String) {
        let taken = name
        Self.withBytes(name) { bytes in
            for index in folders.indices {
                let prefix = folders[index].prefix
                guard bytes.starts(with: prefix), !bytes[prefix.count...].contains(UInt8(ascii: "/")) else { continue }
                folders[index].count += 1
                if let last = folders[index].last, !Self.withBytes(last, { $0.lexicographicallyPrecedes(bytes) }) { folders[index].isRising = false }
                folders[index].last = taken
            }
        }
    }

    /// `records/….json`: a record's own file.
    static func isRecordFile(_ name: String) -> Bool {
        withBytes(name) { $0.starts(with: "records/".utf8) && $0.count >= 5 && $0[($0.count - 5)...].elementsEqual(".json".utf8) }
    }

    /// Whether `candidate` is `name` followed by `.sig`.
    static func isSignatureFile(_ candidate: String, of name: String) -> Bool {
        withBytes(candidate) { candidate in
            withBytes(name) { name in
                candidate.count == name.count + 4 && candidate.starts(with: name) && candidate[name.count...].elementsEqual(".sig".utf8)
            }
        }
    }

    private static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = text
        return text.withUTF8(body)
    }
}
