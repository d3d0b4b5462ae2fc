extension QRCode {
    /// Arithmetic in GF(256) as QR codes define it: bytes are polynomials over GF(2), reduced
    /// modulo x⁸ + x⁴ + x³ + x² + 1 (0x11D), and α = 2 generates the field
    /// (ISO/IEC 18004:2015, 7.5.2). Addition is exclusive or; multiplication goes through
    /// logarithms, which is why the tables exist.
    enum GaloisField {
        /// αⁱ for i in 0..<510: twice round, so that a sum of two logarithms needs no modulo.
        static let exponents: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 510)
            var value = 1
            for power in 0..<255 {
                table[power] = UInt8(value)
                table[power + 255] = UInt8(value)
                value <<= 1
                if value > 0xFF { value ^= 0x11D }
            }
            return table
        }()

        /// log_α(b) for every non-zero byte b (index 0 unused: zero has no logarithm).
        static let logarithms: [Int] = {
            var table = [Int](repeating: 0, count: 256)
            for power in 0..<255 { table[Int(exponents[power])] = power }
            return table
        }()

        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            if a == 0 || b == 0 { return 0 }
            return exponents[logarithms[Int(a)] + logarithms[Int(b)]]
        }
    }

    /// The Reed–Solomon code of QR codes: a block's error correction codewords are the
    /// remainder of its data, as a polynomial whose first codeword is the highest coefficient,
    /// times x^n, divided by the generator polynomial (x − α⁰)(x − α¹)…(x − αⁿ⁻¹)
    /// (ISO/IEC 18004:2015, 7.5.2 and Annex A).
    enum ReedSolomon {
        /// The generator polynomial of `degree`, its coefficients highest first; the first is
        /// always 1.
        static func generator(degree: Int) -> [UInt8] {
            precondition(degree >= 1 && degree < 255, "a Reed–Solomon generator over GF(256) has a degree of 1–254, not \(degree)")
            var polynomial: [UInt8] = [1]
            for root in 0..<degree {
                // Multiply by (x + αʳᵒᵒᵗ): minus is plus in GF(2⁸).
                let factor = GaloisField.exponents[root]
                var product = polynomial + [0]
                for index in polynomial.indices {
                    product[index + 1] ^= GaloisField.multiply(polynomial[index], factor)
                }
                polynomial = product
            }
            return polynomial
        }

        /// The `count` error correction codewords of `data`.
        static func errorCorrection(for data: [UInt8], count: Int) -> [UInt8] {
            let generator = generator(degree: count)
            // Long division, one data codeword at a time: the register holds the running
            // remainder; the coefficient that leaves it on the left decides the multiple of
            // the generator to subtract.
            var remainder = [UInt8](repeating: 0, count: count)
            for codeword in data {
                let leading = codeword ^ remainder[0]
                remainder.removeFirst()
                remainder.append(0)
                for index in 0..<count {
                    remainder[index] ^= GaloisField.multiply(generator[index + 1], leading)
                }
            }
            return remainder
        }
    }

    /// `data` divided into the version and level's blocks, each followed by its error
    /// correction codewords, then interleaved: the first data codeword of every block, the
    /// second of every block, … (the short blocks run out one early), then the error
    /// correction codewords in the same way (ISO/IEC 18004:2015, 7.6).
    static func interleavedCodewords(_ data: [UInt8], version: Int, level: ErrorCorrectionLevel) -> [UInt8] {
        let layout = blockLayout(version: version, level: level)
        precondition(data.count == layout.dataCodewordCount, "version \(version)-\(level) holds \(layout.dataCodewordCount) data codewords, not \(data.count)")
        var blocks: [ArraySlice<UInt8>] = []
        var start = data.startIndex
        for block in 0..<layout.blockCount {
            let length = layout.shortBlockDataCount + (block < layout.shortBlockCount ? 0 : 1)
            blocks.append(data[start..<(start + length)])
            start += length
        }
        let corrections = blocks.map { ReedSolomon.errorCorrection(for: Array($0), count: layout.errorCorrectionCount) }

        var result: [UInt8] = []
        result.reserveCapacity(codewordCounts[version])
        for index in 0...layout.shortBlockDataCount {
            for block in blocks where index < block.count { result.append(block[block.startIndex + index]) }
        }
        for index in 0..<layout.errorCorrectionCount {
            for correction in corrections { result.append(correction[index]) }
        }
        return result
    }
}
