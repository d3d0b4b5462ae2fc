import Foundation
import LanziCore

/// Reads one JSON object of a seed file, naming every fault by its JSON path
/// (`leases[3].rent`), and refusing keys it does not know so that a misspelt key is
/// never silently ignored.
struct SeedObject {
    let members: [(String, JSONValue)]
    let path: String

    /// - Throws: `DomainError` when `value` is not an object or has a key outside `keys`.
    init(_ value: JSONValue, path: String, keys: Set<String>) throws {
        guard case .object(let members) = value else { throw DomainError(field: path, rule: "must be a JSON object") }
        for (key, _) in members where !keys.contains(key) {
            throw DomainError(field: "\(path).\(key)", rule: "is not a key of this object; known keys: \(keys.sorted().joined(separator: ", "))")
        }
        self.members = members
        self.path = path
    }

    func field(_ key: String) -> String { "\(path).\(key)" }

    func value(_ key: String) -> JSONValue? {
        members.first { $0.0 == key }?.1.flatMapNull()
    }

    func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw DomainError(field: field(key), rule: "must be a string") }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw DomainError(field: field(key), rule: "is required") }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let value = value(key) else { return nil }
        guard case .integer(let number) = value else { throw DomainError(field: field(key), rule: "must be a whole number") }
        guard range.contains(number) else {
            throw DomainError(field: field(key), rule: "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw DomainError(field: field(key), rule: "must be true or false") }
        return flag
    }

    /// An amount written as a string ("1200.50"): a JSON number is refused so that no
    /// floating point ever touches money.
    func money(_ key: String) throws -> Money? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else {
            throw DomainError(field: field(key), rule: "must be an amount written as a string, such as \"1200.50\"")
        }
        return try Money.parse(text, field: field(key))
    }

    func date(_ key: String) throws -> CalendarDate? {
        try string(key).map { text throws(DomainError) in try CalendarDate.parse(text, field: field(key)) }
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let value = value(key) else { return [] }
        guard case .array(let values) = value else { throw DomainError(field: field(key), rule: "must be a JSON array") }
        return values
    }
}

extension JSONValue {
    /// nil for JSON null, so that `"deposit": null` reads as an absent key.
    func flatMapNull() -> JSONValue? {
        if case .null = self { return nil }
        return self
    }
}

/// The seed file's keys where they differ from the domain's field names (`seeds/README.md`
/// names a lease's merchant by its key in the file, not by an id).
let seedKeysByField = ["merchant_id": "merchant", "member_id": "member", "household_id": "household", "start_on": "start", "end_on": "end"]

extension DomainError {
    /// The same fault with its domain field ("free_months") renamed to the seed file's key
    /// at `path` ("$.leases[3].free_months").
    func located(at path: String) -> DomainError {
        DomainError(field: "\(path).\(seedKeysByField[field] ?? field)", rule: rule)
    }
}

extension ServiceError {
    /// The same refusal with its field, if any, renamed to the seed file's key at `path`.
    func located(at path: String) -> ServiceError {
        guard let field else { return self }
        return ServiceError(code, message, field: "\(path).\(seedKeysByField[field] ?? field)")
    }
}

/// Runs `body`, relocating the fields of what it throws to the seed file's keys at `path`.
func locatingFaults<T>(at path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DomainError {
        throw error.located(at: path)
    } catch let error as ServiceError {
        throw error.located(at: path)
    }
}
