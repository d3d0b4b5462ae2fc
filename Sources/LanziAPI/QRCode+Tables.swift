/// The standard's tables that cannot be worked out: how each version and level divides its
/// codewords into error correction blocks, and where the alignment patterns go. What can be
/// worked out (a version's count of codewords, from the modules its function patterns leave
/// free) is, so that a test can hold it to the standard's Table 1.
extension QRCode {
    static let versions = 1...40

    /// Error correction codewords in each block, by level (L, M, Q, H) and version (index 0
    /// unused). ISO/IEC 18004:2015, Table 9, in the compact form that Project Nayuki's QR Code
    /// generator library (nayuki.io, MIT licence) gives it: every block of a version and level
    /// has the same count of error correction codewords, and its blocks' lengths differ by at
    /// most one, so the count of blocks and this count say all that the table does.
    private static let errorCorrectionCodewordsPerBlock: [[Int]] = [
        [0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
         28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
         26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
         28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
         30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Error correction blocks, by level (L, M, Q, H) and version (index 0 unused); the same
    /// source as `errorCorrectionCodewordsPerBlock`.
    private static let blockCounts: [[Int]] = [
        [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
         8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
         17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
         23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
         25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    /// The rows (and columns) of the alignment patterns' centres, by version (index 0 unused);
    /// every pairing of two is a centre, but for the three under the finder patterns.
    /// ISO/IEC 18004:2015, Annex E, Table E.1.
    static let alignmentCentres: [[Int]] = [
        [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86], [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106], [6, 32, 58, 84, 110],
        [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130], [6, 30, 56, 82, 108, 134],
        [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142], [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// How a version and level's codewords are divided: `shortBlockCount` blocks of
    /// `shortBlockDataCount` data codewords first, then the rest with one more, each followed
    /// by `errorCorrectionCount` error correction codewords.
    struct BlockLayout: Equatable {
        let blockCount: Int
        let shortBlockCount: Int
        let shortBlockDataCount: Int
        let errorCorrectionCount: Int

        var dataCodewordCount: Int { blockCount * shortBlockDataCount + (blockCount - shortBlockCount) }
    }

    static func blockLayout(version: Int, level: ErrorCorrectionLevel) -> BlockLayout {
        precondition(versions.contains(version), "a QR code's version is 1–40, not \(version)")
        let blockCount = blockCounts[level.rawValue][version]
        let errorCorrectionCount = errorCorrectionCodewordsPerBlock[level.rawValue][version]
        let total = codewordCounts[version]
        return BlockLayout(blockCount: blockCount, shortBlockCount: blockCount - total % blockCount,
                           shortBlockDataCount: total / blockCount - errorCorrectionCount,
                           errorCorrectionCount: errorCorrectionCount)
    }

    static func dataCodewordCount(version: Int, level: ErrorCorrectionLevel) -> Int {
        blockLayout(version: version, level: level).dataCodewordCount
    }

    /// Bits of the byte count in the byte mode header: 8 up to version 9, then 16
    /// (ISO/IEC 18004:2015, Table 3).
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Every version's count of codewords (index 0 unused): the modules its function patterns
    /// leave free, in whole bytes. What is left over are the remainder bits, always light
    /// before masking.
    static let codewordCounts: [Int] = [0] + versions.map { ModuleGrid(version: $0).freeModuleCount / 8 }
}
