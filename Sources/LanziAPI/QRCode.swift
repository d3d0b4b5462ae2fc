/// A QR code symbol (ISO/IEC 18004:2015, Model 2), for the web pages: a receipt's page shows
/// its public verification address as one, so that a merchant can check the receipt with a
/// phone's camera. Our own encoder, since the project takes no package dependencies.
///
/// Only byte mode: the input is taken as bytes (a text as its UTF-8), which is all an address
/// needs; numeric, alphanumeric and kanji mode would only make some codes a version smaller.
/// No ECI header is written, so a reader assumes its default character set for non-ASCII
/// bytes; phones read UTF-8 without one, and an address is ASCII anyway.
///
/// The smallest version (1–40) that holds the input at the level is taken, and of the eight
/// masks the one with the lowest penalty under the standard's four rules.
package struct QRCode: Sendable, Equatable {
    /// How much of the symbol can be damaged and still read: about 7 %, 15 %, 25 % or 30 % of
    /// its codewords. Higher levels leave less room for data.
    package enum ErrorCorrectionLevel: Int, CaseIterable, Sendable, CustomStringConvertible {
        case low, medium, quartile, high

        /// The level's two bits in the format information (ISO/IEC 18004:2015, 7.9.1), which
        /// are not in the order of strength.
        var formatBits: Int {
            switch self {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        }

        /// The letter the standard names the level by.
        package var description: String {
            switch self {
            case .low: "L"
            case .medium: "M"
            case .quartile: "Q"
            case .high: "H"
            }
        }
    }

    /// The input does not fit in a version 40 symbol at the level asked for.
    package struct CapacityExceeded: Error, Sendable, Equatable, CustomStringConvertible {
        package let byteCount: Int
        package let level: ErrorCorrectionLevel
        /// The most bytes a version 40 symbol holds at `level`.
        package let maximumByteCount: Int

        package var description: String {
            "a QR code cannot hold \(byteCount) bytes: the largest (version 40) holds at most "
                + "\(maximumByteCount) bytes at error correction level \(level); shorten the input or choose a lower level"
        }
    }

    /// 1 (21 × 21 modules) to 40 (177 × 177).
    package let version: Int
    package let level: ErrorCorrectionLevel
    /// The data mask pattern chosen, 0–7 (ISO/IEC 18004:2015, Table 10).
    package let mask: Int
    /// Modules on a side: 17 + 4 × version. The quiet zone is not counted.
    package let size: Int
    /// Row after row, `true` for a dark module.
    let modules: [Bool]

    /// The symbol for `bytes`, at the smallest version that holds them.
    /// - Throws: `CapacityExceeded` when not even version 40 holds them at `level`.
    package init(bytes: [UInt8], level: ErrorCorrectionLevel = .medium) throws {
        try self.init(bytes: bytes, level: level, forcedMask: nil)
    }

    /// The symbol for the UTF-8 bytes of `text`.
    /// - Throws: `CapacityExceeded` when not even version 40 holds them at `level`.
    package init(text: String, level: ErrorCorrectionLevel = .medium) throws {
        try self.init(bytes: Array(text.utf8), level: level)
    }

    /// The symbol with the mask given rather than chosen, so that tests can read every mask.
    init(bytes: [UInt8], level: ErrorCorrectionLevel, forcedMask: Int?) throws {
        precondition(forcedMask.map { (0..<8).contains($0) } ?? true, "a QR code's mask is 0–7")
        guard let version = Self.smallestVersion(holding: bytes.count, level: level) else {
            throw CapacityExceeded(byteCount: bytes.count, level: level, maximumByteCount: Self.byteCapacity(version: 40, level: level))
        }
        let data = Self.dataCodewords(bytes, version: version, level: level)
        let codewords = Self.interleavedCodewords(data, version: version, level: level)
        var grid = ModuleGrid(version: version)
        grid.place(codewords)
        let (mask, masked) = grid.masked(level: level, forcedMask: forcedMask)
        self.version = version
        self.level = level
        self.mask = mask
        self.size = masked.size
        self.modules = masked.dark
    }

    /// Whether the module in column `x`, row `y` (from the top left, 0-based) is dark.
    package func isDark(x: Int, y: Int) -> Bool {
        precondition((0..<size).contains(x) && (0..<size).contains(y), "module (\(x), \(y)) is outside a \(size) × \(size) symbol")
        return modules[y * size + x]
    }

    /// The most bytes a symbol of `version` holds at `level`: its data codewords less the
    /// byte mode header (4 bits of mode, then the byte count).
    static func byteCapacity(version: Int, level: ErrorCorrectionLevel) -> Int {
        (dataCodewordCount(version: version, level: level) * 8 - 4 - characterCountBits(version: version)) / 8
    }

    static func smallestVersion(holding byteCount: Int, level: ErrorCorrectionLevel) -> Int? {
        versions.first { byteCapacity(version: $0, level: level) >= byteCount }
    }

    /// The byte mode segment of `bytes`, then the terminator, the zero bits to a byte's end and
    /// the pad bytes 0xEC 0x11 in turn, to the version's count of data codewords
    /// (ISO/IEC 18004:2015, 7.4).
    static func dataCodewords(_ bytes: [UInt8], version: Int, level: ErrorCorrectionLevel) -> [UInt8] {
        let capacity = dataCodewordCount(version: version, level: level)
        var bits = BitWriter()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        precondition(bits.count <= capacity * 8, "\(bytes.count) bytes do not fit version \(version)-\(level)")
        bits.append(0, count: min(4, capacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        let pads: [UInt8] = [0xEC, 0x11]
        return bits.bytes + (0..<(capacity - bits.bytes.count)).map { pads[$0 % 2] }
    }
}

/// Bits gathered most significant first, as the standard writes its bit streams.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    /// Appends the low `count` bits of `value`, the highest of them first.
    mutating func append(_ value: Int, count bitCount: Int) {
        precondition(bitCount >= 0 && (bitCount == Int.bitWidth || value >> bitCount == 0), "\(value) does not fit in \(bitCount) bits")
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
