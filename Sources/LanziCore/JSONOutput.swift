/// Where a JSON shape is written: a tree (`JSONTree`, a `JSONValue`) for the command line, or
/// bytes (`JSONBytes`) for the HTTP API, which answers the most-asked shapes without making a
/// tree first. A shape written once against this reads the same either way.
package protocol JSONOutput {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The name of the member whose value comes next.
    mutating func key(_ name: String)
    mutating func string(_ value: String)
    mutating func integer(_ value: Int64)
    mutating func bool(_ value: Bool)
    mutating func null()
}

extension JSONOutput {
    package mutating func member(_ name: String, _ value: String) { key(name); string(value) }
    package mutating func member(_ name: String, _ value: Int64) { key(name); integer(value) }
    package mutating func member(_ name: String, _ value: String?) { key(name); if let value { string(value) } else { null() } }
    package mutating func member(_ name: String, _ value: Int64?) { key(name); if let value { integer(value) } else { null() } }

    /// A whole value, as a tree gives it.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let number): integer(number)
        case .string(let text): string(text)
        case .array(let values):
            beginArray()
            for element in values { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for (name, element) in members { key(name); self.value(element) }
            endObject()
        }
    }
}

/// JSON built as a `JSONValue` tree.
package struct JSONTree: JSONOutput {
    private enum Container {
        case object([(String, JSONValue)], key: String?)
        case array([JSONValue])
    }

    private var stack: [Container] = []
    /// The value once the outermost one is written.
    package private(set) var value: JSONValue = .null

    package init() {}

    private mutating func add(_ element: JSONValue) {
        guard let top = stack.popLast() else { value = element; return }
        switch top {
        case .object(var members, let key):
            members.append((key ?? "", element))
            stack.append(.object(members, key: nil))
        case .array(var values):
            values.append(element)
            stack.append(.array(values))
        }
    }

    package mutating func beginObject() { stack.append(.object([], key: nil)) }
    package mutating func beginArray() { stack.append(.array([])) }

    package mutating func endObject() {
        guard case .object(let members, _)? = stack.popLast() else { preconditionFailure("endObject without an object") }
        add(.object(members))
    }

    package mutating func endArray() {
        guard case .array(let values)? = stack.popLast() else { preconditionFailure("endArray without an array") }
        add(.array(values))
    }

    package mutating func key(_ name: String) {
        guard case .object(let members, _)? = stack.popLast() else { preconditionFailure("a key outside an object") }
        stack.append(.object(members, key: name))
    }

    package mutating func string(_ value: String) { add(.string(value)) }
    package mutating func integer(_ value: Int64) { add(.integer(value)) }
    package mutating func bool(_ value: Bool) { add(.bool(value)) }
    package mutating func null() { add(.null) }
}
