import Foundation
import LanziCore
import LanziService

/// `schema/openapi.json`, served as it is at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    /// Read once, from the schema folder the service's migrations come from.
    static let text: String? = {
        guard let folder = try? SchemaLocation.find() else { return nil }
        return try? String(contentsOf: folder.appendingPathComponent("openapi.json"), encoding: .utf8)
    }()

    /// The query parameters of each operation ("GET /api/v1/payments"), as the document lists
    /// them, its components' too; nil without the document.
    static let queryParameters: [String: Set<String>]? = {
        guard let text, case .object(let document)? = try? JSONValue.parse(bytes: Array(text.utf8), source: "openapi.json") else { return nil }
        func member(_ value: JSONValue?, _ name: String) -> JSONValue? {
            if case .object(let members)? = value { members.first { $0.0 == name }?.1 } else { nil }
        }
        let shared = member(member(.object(document), "components"), "parameters")
        var table: [String: Set<String>] = [:]
        guard case .object(let paths)? = member(.object(document), "paths") else { return nil }
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for (method, operation) in operations {
                var names: Set<String> = []
                if case .array(let parameters)? = member(operation, "parameters") {
                    for parameter in parameters {
                        var resolved: JSONValue? = parameter
                        if case .string(let reference)? = member(parameter, "$ref") { resolved = member(shared, String(reference.split(separator: "/").last ?? "")) }
                        if case .string("query")? = member(resolved, "in"), case .string(let name)? = member(resolved, "name") { names.insert(name) }
                    }
                }
                table["\(method.uppercased()) \(path)"] = names
            }
        }
        return table
    }()

    static func answer() throws -> APIAnswer {
        guard let text = text, let value = try? JSONValue.parse(bytes: Array(text.utf8), source: "openapi.json") else {
            throw ServiceError.unavailable("the API's description (schema/openapi.json) is not installed with this server")
        }
        return APIAnswer(json: value)
    }
}
