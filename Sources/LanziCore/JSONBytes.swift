/// JSON written straight into bytes, on one line with no spaces: how the HTTP API writes
/// every answer (`JSONValue.compactBytes` too). A merchant's open bills are some five hundred
/// names and values; each goes in with one capacity check and one copy, into a buffer of its
/// own rather than an array, whose every append checks its storage is its own again.
package struct JSONBytes: JSONOutput {
    /// The bytes' memory; `count` of its `capacity` are written. Its start is a constant of
    /// the allocation and the count a property of this value, so that writing a byte checks
    /// no one else is writing (Swift's exclusivity check for a class's variables) only once
    /// a request, in `reserve`, not at every byte.
    private var allocation: Allocation
    private var count = 0
    /// For the innermost 64 open containers, a bit each: whether nothing has been written
    /// into it yet (bit 0 the innermost); deeper ones keep theirs in `deeperFirsts`.
    private var firsts: UInt64 = 0
    private var depth = 0
    private var deeperFirsts: [Bool] = []
    private var afterKey = false

    package init(capacity: Int = 4_096) {
        allocation = Allocation(capacity: max(capacity, 16))
    }

    /// What has been written.
    package var bytes: [UInt8] { Array(UnsafeBufferPointer(start: allocation.base, count: count)) }

    /// Room for `more` bytes after the last, in memory of this value's own (a copy of a
    /// `JSONBytes` writes on without changing the original).
    private mutating func reserve(_ more: Int) {
        let unshared = isKnownUniquelyReferenced(&allocation)
        guard !unshared || count + more > allocation.capacity else { return }
        let larger = Allocation(capacity: count + more > allocation.capacity ? max(allocation.capacity * 2, count + more) : allocation.capacity)
        larger.base.initialize(from: allocation.base, count: count)
        allocation = larger
    }

    private mutating func append(_ byte: UInt8) {
        reserve(1)
        allocation.base[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        if let source = bytes.baseAddress { (allocation.base + count).initialize(from: source, count: bytes.count) }
        count += bytes.count
    }

    private mutating func append(_ literal: StaticString) {
        append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The separator before a value or a key, as its place in its container needs.
    private mutating func separate() {
        if afterKey { afterKey = false; return }
        guard depth > 0 else { return }
        if firsts & 1 == 0 { append(UInt8(ascii: ",")) }
        firsts &= ~1
    }

    private mutating func open(_ bracket: UInt8) {
        separate()
        append(bracket)
        if depth >= 64 { deeperFirsts.append(firsts >> 63 != 0) }
        firsts = firsts << 1 | 1
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        precondition(depth > 0, "a container closed that was not opened")
        append(bracket)
        depth -= 1
        firsts >>= 1
        if depth >= 64, deeperFirsts.removeLast() { firsts |= 1 << 63 }
    }

    package mutating func beginObject() { open(UInt8(ascii: "{")) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    package mutating func beginArray() { open(UInt8(ascii: "[")) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    package mutating func key(_ name: String) {
        separate()
        appendString(name, then: UInt8(ascii: ":"))
        afterKey = true
    }

    package mutating func string(_ value: String) { separate(); appendString(value) }
    package mutating func integer(_ value: Int64) { separate(); appendDecimal(value) }
    package mutating func bool(_ value: Bool) { separate(); value ? append("true") : append("false") }
    package mutating func null() { separate(); append("null") }

    /// A string, quoted, escaped as RFC 8259 requires: the quote, the backslash and control
    /// characters; the rest, UTF-8 as it is. Then `next`, if any (a key's colon). Text with
    /// nothing to escape, which is nearly all, goes in with one check for room.
    private mutating func appendString(_ text: String, then next: UInt8? = nil) {
        var text = text
        text.withUTF8 { bytes in
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                reserve(bytes.count + 3)
                let start = allocation.base + count
                start.initialize(to: UInt8(ascii: "\""))
                if let source = bytes.baseAddress { (start + 1).initialize(from: source, count: bytes.count) }
                start[bytes.count + 1] = UInt8(ascii: "\"")
                if let next { start[bytes.count + 2] = next }
                count += bytes.count + (next == nil ? 2 : 3)
                return
            }
            append(UInt8(ascii: "\""))
            var plainFrom = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                append(UnsafeBufferPointer(rebasing: bytes[plainFrom..<index]))
                appendEscape(byte)
                plainFrom = index + 1
            }
            append(UnsafeBufferPointer(rebasing: bytes[plainFrom...]))
            append(UInt8(ascii: "\""))
            if let next { append(next) }
        }
    }

    private mutating func appendEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append("\\\"")
        case UInt8(ascii: "\\"): append("\\\\")
        case 0x0A: append("\\n")
        case 0x0D: append("\\r")
        case 0x09: append("\\t")
        case 0x08: append("\\b")
        case 0x0C: append("\\f")
        default:
            let digits: StaticString = "0123456789abcdef"
            append("\\u00")
            append(digits.utf8Start[Int(byte >> 4)])
            append(digits.utf8Start[Int(byte & 0x0F)])
        }
    }

    /// An integer in decimal; Int64.min, which has no positive counterpart, from its magnitude.
    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // UInt64's largest has 20 digits; they are made from the last.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var position = scratch.count
            repeat {
                position -= 1
                scratch[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(UnsafeBufferPointer(rebasing: scratch[position...]))
        }
    }

    /// Memory of a fixed size, freed with its last owner.
    private final class Allocation {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit { base.deallocate() }
    }
}
