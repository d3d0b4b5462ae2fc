import Foundation
import Testing
import LanziTestSupport
@testable import LanziAPI

/// The encoder held to a reader we did not write: zbarimg (zbar-tools) decodes the image and
/// must give back the very bytes, for short and long inputs, every level, versions 1–40 and
/// every mask.
extension QRCodeTests {
    static let zbarimg = ExternalTool(name: "zbarimg")

    /// An input to encode and decode, and the version Table 7 says it needs.
    struct DecodeCase: Sendable, CustomTestStringConvertible {
        let name: String
        let bytes: [UInt8]
        let level: Level

        var testDescription: String { "\(name), \(bytes.count) bytes at \(level)" }

        /// The smallest version whose data codewords (Table 7) hold a byte mode segment of the
        /// input: 4 bits of mode, 8 bits of count to version 9 and 16 from 10, 8 a byte.
        var expectedVersion: Int? {
            let dataCodewords = Published.dataCodewords[level] ?? []
            return (1...40).first { version in 4 + (version <= 9 ? 8 : 16) + 8 * bytes.count <= 8 * dataCodewords[version - 1] }
        }
    }

    static let address = Array("http://127.0.0.1:8080/r/BWG-2025-000123?h=3f9a0c1d2e4b5a69".utf8)

    /// Printable ASCII that does not repeat, from a fixed seed.
    static func text(count: Int, seed: UInt32 = 2025) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_103_515_245 &+ 12_345
            return UInt8(0x21 + (state >> 16) % 94)
        }
    }

    static let decodeCases: [DecodeCase] = {
        var cases: [DecodeCase] = []
        for level in Level.allCases {
            cases.append(DecodeCase(name: "one letter", bytes: Array("A".utf8), level: level))
            cases.append(DecodeCase(name: "the receipt's address", bytes: address, level: level))
        }
        let chinese = Array("布瓦格市场 收据 BWG-2025-000123：管理费 ¥1,280.00 已付清，谢谢惠顾。".utf8)
        cases.append(DecodeCase(name: "Chinese UTF-8", bytes: chinese, level: .medium))
        cases.append(DecodeCase(name: "Chinese UTF-8", bytes: chinese, level: .high))
        cases.append(DecodeCase(name: "every byte value", bytes: (0...255).map { UInt8($0) }, level: .low))
        // At a version's capacity and one byte past it (Table 7: 1-M 14, 1-H 7, 9-M 180, 10-M 213).
        for (count, level) in [(14, Level.medium), (15, .medium), (7, .high), (8, .high), (180, .medium), (181, .medium), (213, .medium), (214, .medium)] {
            cases.append(DecodeCase(name: "at a boundary", bytes: text(count: count), level: level))
        }
        // Larger versions, up to 40 full.
        for (count, level) in [(120, Level.quartile), (400, .low), (997, .medium), (1500, .quartile), (2331, .medium), (1273, .high), (2953, .low)] {
            cases.append(DecodeCase(name: "long", bytes: text(count: count), level: level))
        }
        return cases
    }()

    @Test("zbarimg reads back the bytes, at the version Table 7 gives", arguments: decodeCases)
    func decodes(_ input: DecodeCase) throws {
        let zbarimg = try Self.zbarimg.require()
        let code = try QRCode(bytes: input.bytes, level: input.level)
        #expect(code.version == input.expectedVersion)
        #expect(try Self.decode(code, with: zbarimg) == input.bytes)
    }

    @Test("zbarimg reads every mask, at version 4 and, with version information, 10", arguments: 0..<8)
    func decodesMask(_ mask: Int) throws {
        let zbarimg = try Self.zbarimg.require()
        for bytes in [Self.address, Self.text(count: 200, seed: UInt32(mask))] {
            let code = try QRCode(bytes: bytes, level: .medium, forcedMask: mask)
            #expect(code.mask == mask)
            #expect(try Self.decode(code, with: zbarimg) == bytes, "version \(code.version), mask \(mask)")
        }
    }

    /// The bytes zbarimg reads from `code`'s image: `--raw` for the data alone, `-Sbinary`
    /// so that it does not guess a character set and convert them.
    static func decode(_ code: QRCode, with zbarimg: URL) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lanzi-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = folder.appendingPathComponent("code.pgm")
        let output = folder.appendingPathComponent("out")
        let errors = folder.appendingPathComponent("err")
        try Data(code.pgm(moduleSize: code.size > 100 ? 3 : 4, quietZone: 4)).write(to: image)
        try Data().write(to: output)
        try Data().write(to: errors)

        let process = Process()
        process.executableURL = zbarimg
        process.arguments = ["--raw", "-q", "-Sbinary", "--nodbus", image.path]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
        try #require(process.terminationStatus == 0, "zbarimg found no code (status \(process.terminationStatus)): \(message)")
        return [UInt8](try Data(contentsOf: output))
    }
}
