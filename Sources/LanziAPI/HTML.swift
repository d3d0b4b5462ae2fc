import LanziCore

/// A piece of a page's markup. Its literal text is trusted markup; every value interpolated
/// into it is escaped unless it is `HTML` itself, so that a merchant named `<script>` shows
/// as text wherever a page names it, with no call site having to remember.
package struct HTML: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    package private(set) var markup: String

    package init(stringLiteral value: String) { markup = value }

    package init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

    /// Markup made elsewhere and trusted as it is (an SVG this module drew).
    package init(trusted markup: String) { self.markup = markup }

    package var description: String { markup }

    package struct StringInterpolation: StringInterpolationProtocol {
        var markup = ""

        package init(literalCapacity: Int, interpolationCount: Int) { markup.reserveCapacity(literalCapacity + 16 * interpolationCount) }

        package mutating func appendLiteral(_ literal: String) { markup += literal }

        package mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        package mutating func appendInterpolation(_ pieces: [HTML]) { for piece in pieces { markup += piece.markup } }

        /// A phrase in the page's language, escaped.
        package mutating func appendInterpolation(_ phrase: Phrase) { markup += HTML.escape(phrase.description) }

        /// Any other value by its description, escaped: a name, a number, an amount.
        package mutating func appendInterpolation<Value>(_ value: Value) { markup += HTML.escape(String(describing: value)) }
    }

    package static func + (left: HTML, right: HTML) -> HTML { HTML(trusted: left.markup + right.markup) }

    package static func += (left: inout HTML, right: HTML) { left.markup += right.markup }

    /// Text made safe for an element's content and for a quoted attribute's value.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}

extension Sequence where Element == HTML {
    package func joined() -> HTML { HTML(trusted: map(\.markup).joined()) }
}

/// A phrase in the page's language, as text.
func t(_ phrase: Phrase) -> String { phrase.description }
