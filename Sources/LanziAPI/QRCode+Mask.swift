extension QRCode {
    /// Whether data mask `mask` flips the module in column `x`, row `y`
    /// (ISO/IEC 18004:2015, Table 10, where i is the row and j the column).
    static func maskSelects(_ mask: Int, x j: Int, y i: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        case 7: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        default: preconditionFailure("a QR code's mask is 0–7, not \(mask)")
        }
    }

    /// The penalty rules by which an encoder picks a mask: every mask is tried on the whole
    /// symbol, format information included, and the lowest total wins, the lower mask on a tie
    /// (ISO/IEC 18004:2015, 7.8.3). A symbol is `size` × `size` modules, row after
    /// row, `true` for dark.
    enum Penalty {
        /// N₁: 3 for each run of five modules of one colour in a row or a column, and 1 for
        /// each module the run goes on beyond five.
        static func runs(_ modules: [Bool], size: Int) -> Int {
            lines(modules, size: size).reduce(0) { total, line in
                var penalty = 0
                var runLength = 0
                for (index, module) in line.enumerated() {
                    runLength = index > 0 && module == line[index - 1] ? runLength + 1 : 1
                    if runLength == 5 { penalty += 3 } else if runLength > 5 { penalty += 1 }
                }
                return total + penalty
            }
        }

        /// N₂: 3 for each 2 × 2 block of one colour, overlapping blocks counted each (a block
        /// of m × n modules scores 3 × (m − 1) × (n − 1)).
        static func blocks(_ modules: [Bool], size: Int) -> Int {
            var count = 0
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) {
                    let corner = modules[y * size + x]
                    if modules[y * size + x + 1] == corner, modules[(y + 1) * size + x] == corner, modules[(y + 1) * size + x + 1] == corner {
                        count += 1
                    }
                }
            }
            return 3 * count
        }

        /// N₃: 40 for each dark-light-dark-dark-dark-light-dark run (a finder pattern's 1:1:3:1:1)
        /// with four light modules before or after it, in a row or a column, within the
        /// symbol. Thonky's QR Code Tutorial reads the rule so, and its worked example scores
        /// by it.
        static func finderLikePatterns(_ modules: [Bool], size: Int) -> Int {
            let lightFirst: [Bool] = [false, false, false, false, true, false, true, true, true, false, true]
            let lightLast = Array(lightFirst.reversed())
            return lines(modules, size: size).reduce(0) { total, line in
                var count = 0
                for start in stride(from: 0, through: size - lightFirst.count, by: 1) {
                    let window = line[start..<(start + lightFirst.count)]
                    if window.elementsEqual(lightFirst) { count += 1 }
                    if window.elementsEqual(lightLast) { count += 1 }
                }
                return total + 40 * count
            }
        }

        /// N₄: 10 for each full 5 % by which the share of dark modules is off 50 %.
        static func balance(_ modules: [Bool], size: Int) -> Int {
            let darkCount = modules.lazy.filter { $0 }.count
            let total = size * size
            // |dark / total × 100 − 50| / 5, in whole steps, without fractions.
            return 10 * (abs(20 * darkCount - 10 * total) / total)
        }

        static func total(_ modules: [Bool], size: Int) -> Int {
            runs(modules, size: size) + blocks(modules, size: size) + finderLikePatterns(modules, size: size) + balance(modules, size: size)
        }

        /// Every row, then every column.
        private static func lines(_ modules: [Bool], size: Int) -> [[Bool]] {
            let rows = (0..<size).map { y in Array(modules[(y * size)..<((y + 1) * size)]) }
            let columns = (0..<size).map { x in (0..<size).map { y in modules[y * size + x] } }
            return rows + columns
        }
    }
}

extension QRCode.ModuleGrid {
    /// The grid under the mask with the lowest penalty (or under `forcedMask`), and that mask.
    func masked(level: QRCode.ErrorCorrectionLevel, forcedMask: Int?) -> (mask: Int, grid: QRCode.ModuleGrid) {
        let candidates = (forcedMask.map { [$0] } ?? Array(0..<8)).map { mask in
            var grid = self
            grid.apply(mask: mask, level: level)
            return (mask: mask, grid: grid)
        }
        guard candidates.count > 1 else { return candidates[0] }
        let penalties = candidates.map { QRCode.Penalty.total($0.grid.dark, size: size) }
        // The first of equal penalties, so the lower mask wins a tie.
        let best = penalties.indices.min { penalties[$0] < penalties[$1] } ?? 0
        return candidates[best]
    }
}
