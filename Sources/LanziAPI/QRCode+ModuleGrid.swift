extension QRCode {
    /// A symbol being built: its modules, and which of them belong to a function pattern
    /// (finders and their separators, timing, alignment, format and version information, the
    /// dark module), which the data and the mask leave alone.
    struct ModuleGrid: Equatable {
        let size: Int
        /// Row after row, `true` for dark.
        private(set) var dark: [Bool]
        private(set) var isFunction: [Bool]

        /// The function patterns of `version`, the version information drawn, the format
        /// information's modules reserved (light) until a mask is chosen.
        init(version: Int) {
            precondition(QRCode.versions.contains(version), "a QR code's version is 1–40, not \(version)")
            size = 17 + 4 * version
            dark = Array(repeating: false, count: size * size)
            isFunction = Array(repeating: false, count: size * size)

            // Timing patterns first: the finders and alignment patterns overwrite their ends.
            for index in 0..<size {
                setFunction(x: 6, y: index, dark: index % 2 == 0)
                setFunction(x: index, y: 6, dark: index % 2 == 0)
            }
            for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { drawFinder(centreX: x, centreY: y) }

            let centres = QRCode.alignmentCentres[version]
            for y in centres {
                for x in centres where !isUnderFinder(x: x, y: y, centres: centres) { drawAlignment(centreX: x, centreY: y) }
            }

            drawFormat(bits: 0)
            setFunction(x: 8, y: size - 8, dark: true)
            if version >= 7 { drawVersion(bits: QRCode.versionBits(version: version)) }
        }

        /// The modules left for codewords and remainder bits.
        var freeModuleCount: Int { isFunction.lazy.filter { !$0 }.count }

        subscript(x: Int, y: Int) -> Bool { dark[y * size + x] }

        func isFunction(x: Int, y: Int) -> Bool { isFunction[y * size + x] }

        /// Places `codewords` (most significant bit first) in the free modules: up and down
        /// two columns at a time from the bottom right, right module before left, the vertical
        /// timing column skipped (ISO/IEC 18004:2015, 7.7.3). Modules past the last codeword
        /// are the remainder bits and stay light.
        mutating func place(_ codewords: [UInt8]) {
            precondition(codewords.count == freeModuleCount / 8, "a \(size) × \(size) symbol holds \(freeModuleCount / 8) codewords, not \(codewords.count)")
            var bitIndex = 0
            var isUpward = true
            var right = size - 1
            while right > 0 {
                if right == 6 { right = 5 }
                for step in 0..<size {
                    let y = isUpward ? size - 1 - step : step
                    for x in [right, right - 1] where !isFunction(x: x, y: y) {
                        if bitIndex < codewords.count * 8 {
                            dark[y * size + x] = (codewords[bitIndex / 8] >> UInt8(7 - bitIndex % 8)) & 1 == 1
                        }
                        bitIndex += 1
                    }
                }
                isUpward.toggle()
                right -= 2
            }
        }

        /// Flips every free module that `mask` selects and draws the format information for
        /// `level` and `mask`. Masking twice with one mask undoes it but for the format.
        mutating func apply(mask: Int, level: ErrorCorrectionLevel) {
            for y in 0..<size {
                for x in 0..<size where !isFunction(x: x, y: y) && QRCode.maskSelects(mask, x: x, y: y) {
                    dark[y * size + x].toggle()
                }
            }
            drawFormat(bits: QRCode.formatBits(level: level, mask: mask))
        }

        private mutating func setFunction(x: Int, y: Int, dark isDark: Bool) {
            dark[y * size + x] = isDark
            isFunction[y * size + x] = true
        }

        /// The 7 × 7 finder pattern and its light separator, cut at the symbol's edges.
        private mutating func drawFinder(centreX: Int, centreY: Int) {
            for dy in -4...4 {
                for dx in -4...4 {
                    let (x, y) = (centreX + dx, centreY + dy)
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let ring = max(abs(dx), abs(dy))
                    setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
                }
            }
        }

        private mutating func drawAlignment(centreX: Int, centreY: Int) {
            for dy in -2...2 {
                for dx in -2...2 { setFunction(x: centreX + dx, y: centreY + dy, dark: max(abs(dx), abs(dy)) != 1) }
            }
        }

        /// Whether an alignment pattern at the pairing would sit on a finder: the three
        /// corners other than the bottom right.
        private func isUnderFinder(x: Int, y: Int, centres: [Int]) -> Bool {
            let (first, last) = (centres[0], centres[centres.count - 1])
            return (x == first && y == first) || (x == first && y == last) || (x == last && y == first)
        }

        /// The 15 format bits, twice: bit 14 first, along row 8 from the left edge and up
        /// column 8 from the bottom edge; bit 0 last, down column 8 from the top and along
        /// row 8 at the right edge (ISO/IEC 18004:2015, 7.9.1, Figure 25).
        private mutating func drawFormat(bits: Int) {
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
            setFunction(x: 8, y: 7, dark: bit(6))
            setFunction(x: 8, y: 8, dark: bit(7))
            setFunction(x: 7, y: 8, dark: bit(8))
            for index in 9...14 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }

            for index in 0...7 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
            for index in 8...14 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
        }

        /// The 18 version bits, twice: a 6 × 3 block above the bottom left finder, and its
        /// mirror left of the top right one; bit 0 in the corner nearest the symbol's
        /// (ISO/IEC 18004:2015, 7.10, Figure 27).
        private mutating func drawVersion(bits: Int) {
            for index in 0..<18 {
                let isDark = (bits >> index) & 1 == 1
                let (across, along) = (index / 3, size - 11 + index % 3)
                setFunction(x: across, y: along, dark: isDark)
                setFunction(x: along, y: across, dark: isDark)
            }
        }
    }

    /// The 15 bits of format information: the level's two bits and the mask's three, their
    /// BCH(15,5) code, exclusive-or 0x5412 so that they are never all light
    /// (ISO/IEC 18004:2015, 7.9.1 and Annex C).
    static func formatBits(level: ErrorCorrectionLevel, mask: Int) -> Int {
        precondition((0..<8).contains(mask), "a QR code's mask is 0–7, not \(mask)")
        return bchCode(of: level.formatBits << 3 | mask, generator: 0b101_0011_0111) ^ 0x5412
    }

    /// The 18 bits of version information: the version's six bits and their BCH(18,6) code
    /// (ISO/IEC 18004:2015, 7.10 and Annex D).
    static func versionBits(version: Int) -> Int {
        precondition((7...40).contains(version), "only versions 7–40 carry version information, not \(version)")
        return bchCode(of: version, generator: 0b1_1111_0010_0101)
    }

    /// `value` followed by the remainder of `value` × x^degree divided by `generator`, all
    /// polynomials over GF(2) as bits; the degree is the generator's.
    private static func bchCode(of value: Int, generator: Int) -> Int {
        let degree = Int.bitWidth - generator.leadingZeroBitCount - 1
        var remainder = value << degree
        while remainder != 0 {
            let highest = Int.bitWidth - remainder.leadingZeroBitCount - 1
            guard highest >= degree else { break }
            remainder ^= generator << (highest - degree)
        }
        return value << degree | remainder
    }
}
