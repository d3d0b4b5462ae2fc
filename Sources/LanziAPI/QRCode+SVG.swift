extension QRCode {
    /// The symbol as an SVG image to put inline in a page: a white square (the quiet zone
    /// with it, since a page's own background may be dark) and one path of dark rectangles,
    /// one for each run of dark modules in a row. Coordinates are whole pixels and
    /// `shape-rendering="crispEdges"` keeps a browser from blurring the modules' edges.
    /// - Parameters:
    ///   - moduleSize: pixels on a module's side.
    ///   - quietZone: light modules around the symbol; readers want 4.
    ///   - ariaLabel: what a screen reader says for the image.
    package func svg(moduleSize: Int = 4, quietZone: Int = 4, ariaLabel: String = "QR code") -> String {
        precondition(moduleSize >= 1 && quietZone >= 0, "a QR code image needs modules of 1 pixel or more and a quiet zone of 0 or more")
        let side = (size + 2 * quietZone) * moduleSize
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                var end = x
                while end < size && isDark(x: end, y: y) { end += 1 }
                let width = (end - x) * moduleSize
                path += "M\((quietZone + x) * moduleSize),\((quietZone + y) * moduleSize)h\(width)v\(moduleSize)h-\(width)z"
                x = end
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side)\" height=\"\(side)\" "
            + "role=\"img\" aria-label=\"\(Self.attributeEscaped(ariaLabel))\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// The symbol as a binary greyscale image (PGM, P5): black on white with the quiet zone,
    /// which stock tools (zbarimg among them) read, so tests can decode what we draw.
    func pgm(moduleSize: Int = 4, quietZone: Int = 4) -> [UInt8] {
        precondition(moduleSize >= 1 && quietZone >= 0, "a QR code image needs modules of 1 pixel or more and a quiet zone of 0 or more")
        let side = (size + 2 * quietZone) * moduleSize
        var image = Array("P5\n\(side) \(side)\n255\n".utf8)
        image.reserveCapacity(image.count + side * side)
        for pixelY in 0..<side {
            let y = pixelY / moduleSize - quietZone
            for pixelX in 0..<side {
                let x = pixelX / moduleSize - quietZone
                let isInside = (0..<size).contains(x) && (0..<size).contains(y)
                image.append(isInside && isDark(x: x, y: y) ? 0 : 255)
            }
        }
        return image
    }

    /// `text` safe inside a double-quoted XML attribute; control characters, which XML does
    /// not allow even escaped, become spaces.
    private static func attributeEscaped(_ text: String) -> String {
        HTML.escape(String(text.map { character in character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? " " : character }))
    }
}
