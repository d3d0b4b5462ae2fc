import Foundation
import LanziCore
import LanziHTTP
import LanziService

/// One request as a route sees it: the service acting for whoever signed in, the path's
/// parameters, and the query and body read with the rules a bad value is refused by (the
/// field it names, as `DomainError` does for the command line).
package struct APICall: Sendable {
    package let request: HTTPRequest
    package let parameters: RouteParameters
    package let service: LanziService
    package let context: HTTPRequestContext
    /// The service's own date today, for what defaults to today.
    package var today: CalendarDate { service.clock.today() }

    /// The query's items; a query that does not decode is refused as a whole.
    private var items: [(name: String, value: String)] {
        get throws { guard let items = request.queryItems else { throw APIError.badRequest(Phrase("the query is not valid percent-encoded UTF-8")) }; return items }
    }

    /// A query parameter's value, if it is given (once).
    package func query(_ name: String) throws -> String? {
        let values = try items.filter { $0.name == name }.map(\.value)
        if values.count > 1 { throw DomainError(field: name, rule: "is given more than once") }
        return values.first
    }

    package func queryInteger(_ name: String, in range: ClosedRange<Int64> = 1...Int64.max) throws -> Int64? {
        guard let text = try query(name) else { return nil }
        guard let value = Int64(text), range.contains(value) else { throw DomainError(field: name, rule: "must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    package func queryDate(_ name: String) throws -> CalendarDate? {
        guard let text = try query(name) else { return nil }
        return try CalendarDate.parse(text, field: name)
    }

    package func queryPeriod(_ name: String) throws -> Period? {
        guard let text = try query(name) else { return nil }
        return try Period.parse(text, field: name)
    }

    /// `status`, a bill's status as `BillStatus` spells it.
    package func queryBillStatus() throws -> BillStatus? {
        try query("status").map { try BillStatus.parse($0, field: "status") }
    }

    /// `year`, a calendar year of receipts.
    package func queryYear() throws -> Int? {
        try queryInteger("year", in: 2000...2999).map(Int.init)
    }

    package func queryBoolean(_ name: String) throws -> Bool {
        switch try query(name) {
        case nil, "false", "0": return false
        case "true", "1": return true
        default: throw DomainError(field: name, rule: "must be true or false")
        }
    }

    /// The path's `{name}` as a record id: any other text names nothing there is (404).
    package func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters[name], let id = Int64(text), id > 0 else { throw APIError.notFound }
        return id
    }

    package func text(_ name: String) throws -> String {
        guard let text = parameters[name] else { throw APIError.notFound }
        return text
    }

    /// The body as a JSON object, for `operation`: a caller that may not run it is refused
    /// (403) before the body is looked at, as the service refuses before it validates.
    package func body(for operation: ServiceOperation) throws -> APIBody {
        try service.authorize(operation)
        return try parsedBody()
    }

    /// The body as a JSON object, whoever asks.
    private func parsedBody() throws -> APIBody {
        guard request.headers["content-type"].map({ $0.lowercased().hasPrefix("application/json") }) ?? !request.body.isEmpty else {
            throw APIError.unsupportedMediaType
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: request.body, source: "body")
        } catch {
            throw APIError.badRequest(Phrase("the body is not JSON: \(error)"))
        }
        guard case .object(let members) = value else { throw APIError.badRequest(Phrase("the body is not a JSON object")) }
        return APIBody(members: members)
    }

    /// The body of an action whose every field may be left out: no body at all reads as `{}`.
    package func optionalBody(for operation: ServiceOperation) throws -> APIBody {
        try service.authorize(operation)
        return request.body.isEmpty ? APIBody(members: []) : try parsedBody()
    }

    /// The `Idempotency-Key` header, the key a payment or a refund is recorded under: a client
    /// that retries after a lost answer sends the same key and records nothing twice.
    package func idempotencyKey() throws -> String {
        guard let key = request.headers["idempotency-key"], !key.isEmpty else {
            throw DomainError(field: "Idempotency-Key", rule: "is required: a key of the client's own, the same on every retry of this request")
        }
        return key
    }

    /// A page of a list: `page` from 1, `per_page` up to 500 (default 100).
    package func page<T>(_ all: [T], _ shape: (T) -> JSONValue) throws -> JSONValue {
        var tree = JSONTree()
        try page(all, into: &tree) { item, output in output.value(shape(item)) }
        return tree.value
    }

    /// A page of items whose shape is written to any output (`Bill.write(to:)`), as bytes.
    package func page<T>(_ all: [T], _ write: (T, inout JSONBytes) -> Void) throws -> APIAnswer {
        var bytes = JSONBytes()
        try page(all, into: &bytes, write)
        return APIAnswer(written: bytes)
    }

    private func page<T, Output: JSONOutput>(_ all: [T], into output: inout Output, _ write: (T, inout Output) -> Void) throws {
        let page = try queryInteger("page", in: 1...1_000_000) ?? 1
        let perPage = try queryInteger("per_page", in: 1...500) ?? 100
        let start = min(all.count, Int((page - 1) * perPage))
        let end = min(all.count, start + Int(perPage))
        output.beginObject()
        output.key("items")
        output.beginArray()
        for item in all[start..<end] { write(item, &output) }
        output.endArray()
        output.member("page", page)
        output.member("per_page", perPage)
        output.member("total", Int64(all.count))
        output.endObject()
    }
}

/// A request's JSON object, read a member at a time with the rule each must keep.
package struct APIBody: Sendable {
    let members: [(String, JSONValue)]

    private func member(_ name: String) -> JSONValue? { members.first { $0.0 == name }?.1 }

    package func string(_ name: String) throws -> String? {
        switch member(name) {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw DomainError(field: name, rule: "must be a string")
        }
    }

    package func requiredString(_ name: String) throws -> String {
        guard let text = try string(name) else { throw DomainError(field: name, rule: "is required") }
        return text
    }

    package func integer(_ name: String) throws -> Int64? {
        switch member(name) {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        default: throw DomainError(field: name, rule: "must be a whole number")
        }
    }

    package func requiredInteger(_ name: String) throws -> Int64 {
        guard let value = try integer(name) else { throw DomainError(field: name, rule: "is required") }
        return value
    }

    package func boolean(_ name: String) throws -> Bool? {
        switch member(name) {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        default: throw DomainError(field: name, rule: "must be true or false")
        }
    }

    package func requiredFen(_ name: String) throws -> Money {
        guard let amount = try fen(name) else { throw DomainError(field: name, rule: "is required") }
        return amount
    }

    package func strings(_ name: String) throws -> [String] {
        switch member(name) {
        case nil, .null?: return []
        case .array(let values)?:
            return try values.map { value in
                guard case .string(let text) = value else { throw DomainError(field: name, rule: "must be a list of strings") }
                return text
            }
        default: throw DomainError(field: name, rule: "must be a list of strings")
        }
    }

    package func integers(_ name: String) throws -> [Int64] {
        switch member(name) {
        case nil, .null?: return []
        case .array(let values)?:
            return try values.map { value in
                guard case .integer(let number) = value else { throw DomainError(field: name, rule: "must be a list of whole numbers") }
                return number
            }
        default: throw DomainError(field: name, rule: "must be a list of whole numbers")
        }
    }

    package func date(_ name: String) throws -> CalendarDate? {
        try string(name).map { try CalendarDate.parse($0, field: name) }
    }

    package func requiredDate(_ name: String) throws -> CalendarDate {
        try CalendarDate.parse(try requiredString(name), field: name)
    }

    /// Money as integer fen, the shape every answer gives it in.
    package func fen(_ name: String) throws -> Money? {
        try integer(name).map { Money(fen: $0) }
    }

    /// Refuses members no route reads: a misspelt name is not silently dropped.
    package func allowOnly(_ names: Set<String>) throws {
        if let unknown = members.first(where: { !names.contains($0.0) }) { throw DomainError(field: unknown.0, rule: "is not a field of this request") }
    }
}
