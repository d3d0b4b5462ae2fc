/// Canonical JSON (RFC 8785, as `CanonicalJSON` writes it) written straight from values, for
/// a document whose shape the caller knows: no `JSONValue` is built and no members are
/// sorted. A receipt is written this way inside every payment's transaction. The caller
/// names each object's members in canonical order (by UTF-16 code units); a name out of
/// that order, or a repeated one, stops the program, as it would produce bytes that are not
/// canonical. Tests check that the bytes equal `CanonicalJSON.bytes` of the same document.
package struct CanonicalWriter {
    package private(set) var bytes: [UInt8] = []
    /// The open containers, innermost last: an object with the last name written in it, or
    /// an array with whether it holds a value yet.
    private var open: [(isObject: Bool, lastName: String?, hasValue: Bool)] = []

    package init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        open.append((true, nil, false))
    }

    package mutating func endObject() {
        precondition(open.last?.isObject == true, "endObject without an open object")
        open.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        open.append((false, nil, false))
    }

    package mutating func endArray() {
        precondition(open.last?.isObject == false, "endArray without an open array")
        open.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// The next member's name, which must follow the last one in canonical order.
    package mutating func name(_ name: String) {
        precondition(open.last?.isObject == true, "a member name outside an object")
        if let last = open[open.count - 1].lastName {
            precondition(CanonicalJSON.utf16Order(last, name) < 0, "member \(name) written after \(last): out of canonical order, or repeated")
            bytes.append(UInt8(ascii: ","))
        }
        open[open.count - 1].lastName = name
        CanonicalJSON.writeString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    package mutating func string(_ text: String) {
        beforeValue()
        CanonicalJSON.writeString(text, to: &bytes)
    }

    /// - Throws: `DomainError` naming `field` for an integer beyond ±(2^53 − 1), which has no
    ///   exact canonical form.
    package mutating func integer(_ number: Int64, field: String) throws(DomainError) {
        try Self.check(number, field: field)
        beforeValue()
        bytes += String(number).utf8
    }

    package mutating func null() {
        beforeValue()
        bytes += "null".utf8
    }

    /// A member with a string value.
    package mutating func member(_ name: String, _ text: String) {
        self.name(name)
        string(text)
    }

    /// A member with an integer value; nothing is written when the integer is refused.
    package mutating func member(_ name: String, _ number: Int64) throws(DomainError) {
        try Self.check(number, field: name)
        self.name(name)
        try integer(number, field: name)
    }

    private static func check(_ number: Int64, field: String) throws(DomainError) {
        guard number >= -CanonicalJSON.maximumSafeInteger, number <= CanonicalJSON.maximumSafeInteger else {
            throw DomainError(field: field, rule: "an integer beyond ±(2^53 − 1) has no exact canonical form; write it as a string")
        }
    }

    /// The bytes of a finished document.
    package var document: [UInt8] {
        precondition(open.isEmpty, "the document has a container still open")
        return bytes
    }

    /// A value inside an array after its first takes a comma before it.
    private mutating func beforeValue() {
        guard let last = open.last, !last.isObject else { return }
        if last.hasValue { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].hasValue = true
    }
}
