import Foundation
import FoundationXML
import Testing
@testable import LanziAPI

/// The QR code encoder held to what others published (the standard's tables and worked
/// example, Thonky's tutorial, ZXing's tables; `Published`), and, in
/// `QRCodeTests+Zbarimg.swift`, to a reader we did not write.
@Suite("QR code")
struct QRCodeTests {
    typealias Level = QRCode.ErrorCorrectionLevel

    // MARK: Reed–Solomon

    @Test("GF(256) powers of α are those of Thonky's log/antilog table, and α²⁵⁵ = 1")
    func fieldPowers() {
        #expect(Array(QRCode.GaloisField.exponents.prefix(16)) == [1, 2, 4, 8, 16, 32, 64, 128, 29, 58, 116, 232, 205, 135, 19, 38])
        #expect(QRCode.GaloisField.exponents[255] == 1)
        #expect(QRCode.GaloisField.exponents[254] == 142)
        #expect(Set(QRCode.GaloisField.exponents.prefix(255)).count == 255, "α generates every non-zero byte")
    }

    @Test("generator polynomials are the published ones", arguments: Published.generatorExponents.keys.sorted())
    func generator(degree: Int) throws {
        let expected = try #require(Published.generatorExponents[degree]).map { QRCode.GaloisField.exponents[$0] }
        #expect(QRCode.ReedSolomon.generator(degree: degree) == expected)
    }

    @Test("error correction codewords of published examples", arguments: [
        // ISO/IEC 18004:2015, Annex I: "01234567" at 1-M.
        ([0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11],
         [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55]),
        // Thonky's QR Code Tutorial: "HELLO WORLD" at 1-M.
        ([32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17],
         [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]),
        // Thonky: the first block of "HELLO WORLD" at 5-Q.
        ([67, 85, 70, 134, 87, 38, 85, 194, 119, 50, 6, 18, 6, 103, 38],
         [213, 199, 11, 45, 115, 247, 241, 223, 229, 248, 154, 117, 154, 111, 86, 161, 111, 39]),
    ] as [([UInt8], [UInt8])])
    func errorCorrection(data: [UInt8], expected: [UInt8]) {
        #expect(QRCode.ReedSolomon.errorCorrection(for: data, count: expected.count) == expected)
    }

    @Test("5-Q: blocks of 15, 15, 16 and 16 codewords interleaved as Thonky's tutorial shows")
    func interleaving() {
        #expect(QRCode.interleavedCodewords(Published.fiveQuartileData, version: 5, level: .quartile) == Published.fiveQuartileFinal)
    }

    @Test("every block of a large symbol is a codeword: its polynomial vanishes at α⁰ … αⁿ⁻¹", arguments: [(25, Level.medium), (40, Level.high)])
    func syndromes(version: Int, level: Level) {
        let layout = QRCode.blockLayout(version: version, level: level)
        var generator = SystemRandomNumberGenerator()
        let data = (0..<layout.dataCodewordCount).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let final = QRCode.interleavedCodewords(data, version: version, level: level)
        // Undo the interleaving by the standard's rule, to read each block back.
        let longDataCount = layout.shortBlockDataCount + 1
        for block in 0..<layout.blockCount {
            let dataCount = block < layout.shortBlockCount ? layout.shortBlockDataCount : longDataCount
            var codeword = (0..<dataCount).map { index in
                index < layout.shortBlockDataCount
                    ? final[index * layout.blockCount + block]
                    : final[layout.shortBlockDataCount * layout.blockCount + block - layout.shortBlockCount]
            }
            codeword += (0..<layout.errorCorrectionCount).map { final[layout.dataCodewordCount + $0 * layout.blockCount + block] }
            for root in 0..<layout.errorCorrectionCount {
                let point = QRCode.GaloisField.exponents[root]
                let value = codeword.reduce(UInt8(0)) { QRCode.GaloisField.multiply($0, point) ^ $1 }
                #expect(value == 0, "block \(block) of \(version)-\(level) at α^\(root)")
            }
        }
    }

    // MARK: Format, version and capacity

    @Test("format information is the standard's Table C.1 for every level and mask", arguments: Level.allCases)
    func formatInformation(level: Level) {
        for mask in 0..<8 {
            #expect(QRCode.formatBits(level: level, mask: mask) == Published.formatInformation[level.formatBits << 3 | mask], "\(level), mask \(mask)")
        }
    }

    @Test("version information is the standard's Table D.1 (version 7: 0x07C94)")
    func versionInformation() {
        #expect(QRCode.versionBits(version: 7) == 0x07C94)
        #expect((7...40).map { QRCode.versionBits(version: $0) } == Published.versionInformation)
    }

    @Test("the function patterns leave each version's codewords and remainder bits of Table 1")
    func codewordsPerVersion() {
        for version in QRCode.versions {
            let free = QRCode.ModuleGrid(version: version).freeModuleCount
            #expect(free == 8 * Published.totalCodewords[version - 1] + Published.remainderBits(version: version), "version \(version)")
        }
    }

    @Test("data codewords of every version are Table 7's", arguments: Level.allCases)
    func dataCodewords(level: Level) throws {
        let expected = try #require(Published.dataCodewords[level])
        #expect(QRCode.versions.map { QRCode.dataCodewordCount(version: $0, level: level) } == expected)
    }

    @Test("byte mode capacities are Table 7's, and one byte more takes the next version")
    func byteCapacities() throws {
        for (version, level, bytes) in Published.byteCapacities {
            #expect(QRCode.byteCapacity(version: version, level: level) == bytes, "\(version)-\(level)")
            let full = try QRCode(bytes: Array(repeating: 0x61, count: bytes), level: level)
            #expect(full.version == version, "\(bytes) bytes at \(level)")
            #expect(full.size == 17 + 4 * version)
            if version < 40 {
                #expect(try QRCode(bytes: Array(repeating: 0x61, count: bytes + 1), level: level).version == version + 1)
            }
        }
    }

    @Test("alignment centres follow Annex E's rule: 6 first, size − 7 last, version ÷ 7 + 2 of them, even steps after the first")
    func alignmentCentres() {
        #expect(QRCode.alignmentCentres[1].isEmpty)
        for version in 2...40 {
            let centres = QRCode.alignmentCentres[version]
            #expect(centres.count == version / 7 + 2, "version \(version)")
            #expect(centres.first == 6 && centres.last == 17 + 4 * version - 7, "version \(version)")
            let steps = zip(centres.dropFirst(), centres.dropFirst(2)).map { $1 - $0 }
            #expect(Set(steps).count <= 1 && steps.allSatisfy { $0 % 2 == 0 }, "version \(version): \(centres)")
        }
    }

    @Test("data codewords: mode 0100, the byte count, the bytes, the terminator, then 0xEC 0x11 in turn")
    func dataCodewordLayout() {
        // Worked by hand from 7.4: 0100 00000001 01000001 0000 = 0x40 0x14 0x10, then 13 pads.
        let pads = (0..<13).map { $0 % 2 == 0 ? UInt8(0xEC) : 0x11 }
        #expect(QRCode.dataCodewords(Array("A".utf8), version: 1, level: .medium) == [0x40, 0x14, 0x10] + pads)
        // 14 bytes fill 1-M: 124 bits and a terminator cut to 4, no pad byte.
        let full = QRCode.dataCodewords(Array(repeating: 0xFF, count: 14), version: 1, level: .medium)
        #expect(full.count == 16 && full.first == 0x40 && full[1] == 0xEF && full.last == 0xF0)
        // From version 10 the count takes 16 bits.
        #expect(Array(QRCode.dataCodewords([0x41], version: 10, level: .medium).prefix(4)) == [0x40, 0x00, 0x14, 0x10])
    }

    @Test("input too long for version 40 is refused with the limit named", arguments: Level.allCases)
    func tooLong(level: Level) throws {
        // That the maximum itself fits, at version 40, is `byteCapacities`'s to check.
        let maximum = try #require(Published.byteCapacities.first { $0.version == 40 && $0.level == level }).bytes
        let error = #expect(throws: QRCode.CapacityExceeded.self) {
            try QRCode(bytes: Array(repeating: 0x30, count: maximum + 1), level: level)
        }
        #expect(error == QRCode.CapacityExceeded(byteCount: maximum + 1, level: level, maximumByteCount: maximum))
        #expect(error?.description.contains("at most \(maximum) bytes at error correction level \(level)") == true)
    }

    @Test("a text is its UTF-8 bytes, and the default level is M")
    func text() throws {
        let text = "兰子市场收据"
        #expect(try QRCode(text: text) == QRCode(bytes: Array(text.utf8), level: .medium))
        #expect(try QRCode(text: text).level == .medium)
    }

    // MARK: Function patterns

    @Test("finder patterns, timing patterns and the dark module are where the standard puts them", arguments: [1, 7, 40])
    func functionPatterns(version: Int) throws {
        let code = try QRCode(bytes: Array(repeating: 0x5A, count: QRCode.byteCapacity(version: version, level: .medium)), level: .medium)
        try #require(code.version == version)
        let size = code.size
        // The 1:1:3:1:1 finder, drawn from the corner's centre, then the light separator.
        func finderRing(_ dx: Int, _ dy: Int) -> Bool { let ring = max(abs(dx), abs(dy)); return ring != 2 && ring != 4 }
        for (cornerX, cornerY) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -3...3 { for dx in -3...3 { #expect(code.isDark(x: cornerX + dx, y: cornerY + dy) == finderRing(dx, dy)) } }
        }
        for index in 0..<8 {
            #expect(!code.isDark(x: index, y: 7) && !code.isDark(x: 7, y: index))
            #expect(!code.isDark(x: size - 1 - index, y: 7) && !code.isDark(x: size - 8, y: index))
            #expect(!code.isDark(x: 7, y: size - 1 - index) && !code.isDark(x: index, y: size - 8))
        }
        for index in 8..<(size - 8) {
            #expect(code.isDark(x: index, y: 6) == (index % 2 == 0) && code.isDark(x: 6, y: index) == (index % 2 == 0))
        }
        #expect(code.isDark(x: 8, y: size - 8))
    }

    @Test("the format information read back from both copies is the standard's word for the code's level and mask", arguments: Level.allCases)
    func formatInformationInPlace(level: Level) throws {
        let code = try QRCode(text: "http://127.0.0.1:8080/r/BWG-2025-000123?h=3f9a0c1d2e4b5a69", level: level)
        let size = code.size
        // ISO/IEC 18004:2015, Figure 25, bit 14 first.
        let aroundTopLeft = [(0, 8), (1, 8), (2, 8), (3, 8), (4, 8), (5, 8), (7, 8), (8, 8), (8, 7), (8, 5), (8, 4), (8, 3), (8, 2), (8, 1), (8, 0)]
        let split = (0..<7).map { (8, size - 1 - $0) } + (0..<8).map { (size - 8 + $0, 8) }
        let expected = Published.formatInformation[level.formatBits << 3 | code.mask]
        for positions in [aroundTopLeft, split] {
            let word = positions.reduce(0) { $0 << 1 | (code.isDark(x: $1.0, y: $1.1) ? 1 : 0) }
            #expect(word == expected, "\(level), mask \(code.mask)")
        }
    }

    // MARK: Masks

    @Test("the penalty rules score Thonky's masking example as the tutorial does: 180 + 90 + 80 + 0")
    func penaltyExample() {
        let rows = Published.maskingExample
        let modules = rows.flatMap { $0.map { $0 == "#" } }
        let size = rows.count
        #expect(QRCode.Penalty.runs(modules, size: size) == 88 + 92)
        #expect(QRCode.Penalty.blocks(modules, size: size) == 90)
        #expect(QRCode.Penalty.finderLikePatterns(modules, size: size) == 80)
        #expect(QRCode.Penalty.balance(modules, size: size) == 0)
        #expect(QRCode.Penalty.total(modules, size: size) == 350)
    }

    @Test("an all-light 5 × 5 square: 10 runs of five, 16 blocks, no finder, 0 % dark")
    func penaltyAllLight() {
        let modules = [Bool](repeating: false, count: 25)
        #expect(QRCode.Penalty.runs(modules, size: 5) == 10 * 3)
        #expect(QRCode.Penalty.blocks(modules, size: 5) == 16 * 3)
        #expect(QRCode.Penalty.finderLikePatterns(modules, size: 5) == 0)
        #expect(QRCode.Penalty.balance(modules, size: 5) == 100)
    }

    @Test("the mask chosen has the lowest penalty of the eight, the lower one on a tie", arguments: ["A", "http://127.0.0.1:8080/r/BWG-2025-000123?h=3f9a0c1d2e4b5a69", String(repeating: "收据", count: 60)])
    func maskChoice(text: String) throws {
        let chosen = try QRCode(text: text)
        let penalties = try (0..<8).map { mask in
            let code = try QRCode(bytes: Array(text.utf8), level: .medium, forcedMask: mask)
            #expect(code.mask == mask)
            return QRCode.Penalty.total(code.modules, size: code.size)
        }
        #expect(chosen.mask == penalties.firstIndex(of: try #require(penalties.min())))
        #expect(try chosen == QRCode(bytes: Array(text.utf8), level: .medium, forcedMask: chosen.mask))
    }

    @Test("masks follow Table 10's conditions (i row, j column)")
    func maskConditions() {
        // Row 0 of each mask over the first six columns, worked by hand from Table 10.
        let expected: [[Bool]] = [
            [true, false, true, false, true, false],
            [true, true, true, true, true, true],
            [true, false, false, true, false, false],
            [true, false, false, true, false, false],
            [true, true, true, false, false, false],
            [true, true, true, true, true, true],
            [true, true, true, true, true, true],
            [true, false, true, false, true, false],
        ]
        for mask in 0..<8 {
            #expect((0..<6).map { QRCode.maskSelects(mask, x: $0, y: 0) } == expected[mask], "mask \(mask)")
        }
        // Row 1 tells 3 from 2 and 5–7 from 1.
        #expect((0..<6).map { QRCode.maskSelects(3, x: $0, y: 1) } == [false, false, true, false, false, true])
        #expect((0..<6).map { QRCode.maskSelects(5, x: $0, y: 1) } == [true, false, false, false, false, false])
        #expect((0..<6).map { QRCode.maskSelects(6, x: $0, y: 1) } == [true, true, true, false, false, false])
        #expect((0..<6).map { QRCode.maskSelects(7, x: $0, y: 1) } == [false, false, false, true, true, true])
    }

    // MARK: Images

    @Test("the SVG is well-formed XML: one svg, a background and one path, the viewBox (size + 2 × quiet zone) × module size, the label escaped")
    func svg() throws {
        let code = try QRCode(text: "A", level: .medium)
        let markup = code.svg(moduleSize: 5, quietZone: 3, ariaLabel: "收据 <&\"> 'x'")
        #expect(markup.contains("aria-label=\"收据 &lt;&amp;&quot;&gt; &#39;x&#39;\""))
        let document = try SVGDocument(markup)
        let side = (21 + 2 * 3) * 5
        #expect(document.elements.map(\.name) == ["svg", "rect", "path"])
        let root = document.elements[0].attributes
        #expect(markup.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" "))
        #expect(root["viewBox"] == "0 0 \(side) \(side)")
        #expect(root["role"] == "img" && root["shape-rendering"] == "crispEdges")
        #expect(root["aria-label"] == "收据 <&\"> 'x'")
        #expect(document.elements[1].attributes["fill"] == "#fff")

        // The path, drawn back, covers exactly the dark modules.
        let drawn = try Self.modules(ofPath: try #require(document.elements[2].attributes["d"]), moduleSize: 5, quietZone: 3)
        let dark = Set((0..<code.size).flatMap { y in (0..<code.size).filter { code.isDark(x: $0, y: y) }.map { [$0, y] } })
        #expect(drawn == dark)
    }

    @Test("the PGM is a binary greyscale image of the symbol with its quiet zone")
    func pgm() throws {
        let code = try QRCode(text: "A")
        let image = code.pgm(moduleSize: 2, quietZone: 4)
        let side = (21 + 8) * 2
        let header = Array("P5\n\(side) \(side)\n255\n".utf8)
        try #require(image.count == header.count + side * side)
        #expect(Array(image.prefix(header.count)) == header)
        let pixels = Array(image.dropFirst(header.count))
        #expect(pixels.prefix(side * 8).allSatisfy { $0 == 255 }, "the quiet zone is light")
        #expect(pixels[8 * side + 8] == 0 && pixels[9 * side + 9] == 0, "the top left finder's corner is dark")
        #expect(pixels[(8 + 2) * side + 8 + 2] == 255, "and its light ring follows")
    }

    /// The modules the rectangles of an SVG path cover: `M x,y h w v m h -w z`, each.
    static func modules(ofPath path: String, moduleSize: Int, quietZone: Int) throws -> Set<[Int]> {
        var covered = Set<[Int]>()
        for rectangle in path.split(separator: "z") {
            let numbers = rectangle.split(whereSeparator: { "Mhv,".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5 && rectangle.hasPrefix("M"), "a run is M x,y h w v m h -w: \(rectangle)")
            try #require(numbers[3] == moduleSize && numbers[4] == -numbers[2] && numbers[2] % moduleSize == 0)
            let (x, y) = (numbers[0] / moduleSize - quietZone, numbers[1] / moduleSize - quietZone)
            for offset in 0..<(numbers[2] / moduleSize) { covered.insert([x + offset, y]) }
        }
        return covered
    }
}

/// An SVG image parsed by Foundation's XML parser (libxml2), which refuses what is not
/// well-formed: its elements in document order.
struct SVGDocument {
    struct Element { let name: String; let attributes: [String: String] }
    let elements: [Element]

    init(_ markup: String) throws {
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [Element] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                elements.append(Element(name: name, attributes: attributes))
            }
        }
        let parser = XMLParser(data: Data(markup.utf8))
        let collector = Collector()
        parser.delegate = collector
        try #require(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        elements = collector.elements
    }
}
