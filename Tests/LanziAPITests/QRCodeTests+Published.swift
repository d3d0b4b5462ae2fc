@testable import LanziAPI

/// Figures published by others, that the encoder is held to: never taken from its output.
extension QRCodeTests {
    enum Published {
        /// Total codewords of each version 1–40, ISO/IEC 18004:2015, Table 1.
        static let totalCodewords = [
            26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085,
            1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
        ]

        /// Remainder bits of a version, ISO/IEC 18004:2015, Table 1.
        static func remainderBits(version: Int) -> Int {
            switch version {
            case 2...6: 7
            case 14...20, 28...34: 3
            case 21...27: 4
            default: 0
            }
        }

        /// Data codewords of each version 1–40 by level, ISO/IEC 18004:2015, Table 7.
        static let dataCodewords: [QRCode.ErrorCorrectionLevel: [Int]] = [
            .low: [19, 34, 55, 80, 108, 136, 156, 194, 232, 274, 324, 370, 428, 461, 523, 589, 647, 721, 795, 861,
                   932, 1006, 1094, 1174, 1276, 1370, 1468, 1531, 1631, 1735, 1843, 1955, 2071, 2191, 2306, 2434, 2566, 2702, 2812, 2956],
            .medium: [16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669,
                      714, 782, 860, 914, 1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334],
            .quartile: [13, 22, 34, 48, 62, 76, 88, 110, 132, 154, 180, 206, 244, 261, 295, 325, 367, 397, 445, 485,
                        512, 568, 614, 664, 718, 754, 808, 871, 911, 985, 1033, 1115, 1171, 1231, 1286, 1354, 1426, 1502, 1582, 1666],
            .high: [9, 16, 26, 36, 46, 60, 66, 86, 100, 122, 140, 158, 180, 197, 223, 253, 283, 313, 341, 385,
                    406, 442, 464, 514, 538, 596, 628, 661, 701, 745, 793, 845, 901, 961, 986, 1054, 1096, 1142, 1222, 1276],
        ]

        /// Byte mode capacities in ISO/IEC 18004:2015, Table 7 (version, level, bytes).
        static let byteCapacities: [(version: Int, level: QRCode.ErrorCorrectionLevel, bytes: Int)] = [
            (1, .low, 17), (1, .medium, 14), (1, .quartile, 11), (1, .high, 7),
            (9, .medium, 180), (10, .medium, 213), (10, .high, 119), (25, .medium, 997),
            (40, .low, 2953), (40, .medium, 2331), (40, .quartile, 1663), (40, .high, 1273),
        ]

        /// The 32 format information words, ISO/IEC 18004:2015, Annex C, Table C.1, indexed by
        /// the level's two bits (M 00, L 01, H 10, Q 11) then the mask's three, as ZXing's
        /// `FORMAT_INFO_DECODE_LOOKUP` lists them.
        static let formatInformation = [
            0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0,
            0x77C4, 0x72F3, 0x7DAA, 0x789D, 0x662F, 0x6318, 0x6C41, 0x6976,
            0x1689, 0x13BE, 0x1CE7, 0x19D0, 0x0762, 0x0255, 0x0D0C, 0x083B,
            0x355F, 0x3068, 0x3F31, 0x3A06, 0x24B4, 0x2183, 0x2EDA, 0x2BED,
        ]

        /// The version information words of versions 7–40, ISO/IEC 18004:2015, Annex D,
        /// Table D.1, as ZXing's `VERSION_DECODE_INFO` lists them.
        static let versionInformation = [
            0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78,
            0x1145D, 0x12A17, 0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB,
            0x1B08E, 0x1CC1A, 0x1D33F, 0x1ED75, 0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B,
            0x2542E, 0x26A64, 0x27541, 0x28C69,
        ]

        /// Generator polynomials as powers of α, highest term first, from Thonky's QR Code
        /// Tutorial (thonky.com, "Error Correction Coding" and its division steps pages); the
        /// standard's Annex A gives the same.
        static let generatorExponents: [Int: [Int]] = [
            7: [0, 87, 229, 146, 149, 238, 102, 21],
            10: [0, 251, 67, 46, 61, 118, 70, 64, 94, 32, 45],
            17: [0, 43, 139, 206, 78, 43, 239, 123, 206, 214, 147, 24, 99, 150, 39, 243, 163, 136],
            18: [0, 215, 234, 158, 94, 184, 97, 118, 170, 79, 187, 152, 148, 252, 179, 5, 98, 96, 153],
        ]

        /// Thonky's QR Code Tutorial, "Structure Final Message": "HELLO WORLD" at version 5-Q,
        /// its 62 data codewords (blocks of 15, 15, 16 and 16) and the 134 codewords that
        /// interleaving them with their error correction gives.
        static let fiveQuartileData: [UInt8] = [
            67, 85, 70, 134, 87, 38, 85, 194, 119, 50, 6, 18, 6, 103, 38,
            246, 246, 66, 7, 118, 134, 242, 7, 38, 86, 22, 198, 199, 146, 6,
            182, 230, 247, 119, 50, 7, 118, 134, 87, 38, 82, 6, 134, 151, 50, 7,
            70, 247, 118, 86, 194, 6, 151, 50, 16, 236, 17, 236, 17, 236, 17, 236,
        ]
        static let fiveQuartileFinal: [UInt8] = [
            67, 246, 182, 70, 85, 246, 230, 247, 70, 66, 247, 118, 134, 7, 119, 86, 87, 118, 50, 194,
            38, 134, 7, 6, 85, 242, 118, 151, 194, 7, 134, 50, 119, 38, 87, 16, 50, 86, 38, 236,
            6, 22, 82, 17, 18, 198, 6, 236, 6, 199, 134, 17, 103, 146, 151, 236, 38, 6, 50, 17, 7, 236,
            213, 87, 148, 235, 199, 204, 116, 159, 11, 96, 177, 5, 45, 60, 212, 173, 115, 202, 76, 24,
            247, 182, 133, 147, 241, 124, 75, 59, 223, 157, 242, 33, 229, 200, 238, 106, 248, 134, 76, 40,
            154, 27, 195, 255, 117, 129, 230, 172, 154, 209, 189, 82, 111, 17, 10, 2, 86, 163, 108, 131,
            161, 163, 240, 32, 111, 120, 192, 178, 39, 133, 141, 236,
        ]

        /// The symbol of Thonky's QR Code Tutorial, "Data Masking" ("#" dark), with the
        /// penalties it scores there: rule 1 88 in rows and 92 in columns, rule 2 90, rule 3
        /// 80, rule 4 0, 350 in all.
        static let maskingExample = [
            "#######.##....#######",
            "#.....#.#..#..#.....#",
            "#.###.#.#..##.#.###.#",
            "#.###.#.#.....#.###.#",
            "#.###.#.#.#...#.###.#",
            "#.....#...#...#.....#",
            "#######.#.#.#.#######",
            "........#............",
            ".##.#.##....#.#.#####",
            ".#......####....#...#",
            "..##.###.##...#.##...",
            ".##.##.#..##.#.#.###.",
            "#...#.#.#.###.###.#.#",
            "........##.#..#...#.#",
            "#######.#.#....#.##..",
            "#.....#..#.##.##.#...",
            "#.###.#.#.#...#######",
            "#.###.#..#.#.#.#...#.",
            "#.###.#.#...####.#..#",
            "#.....#.#.##.#...#.##",
            "#######.....####....#",
        ]
    }
}
