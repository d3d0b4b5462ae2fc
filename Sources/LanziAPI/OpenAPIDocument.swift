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
        guard let text, let document = try? JSONValue.parse(bytes: Array(text.utf8), source: "openapi.json"),
              case .object(let paths)? = document["paths"] else { return nil }
        let shared = document["components"]?["parameters"]
        var table: [String: Set<String>] = [:]
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for (method, operation) in operations {
                var names: Set<String> = []
                if case .array(let parameters)? = operation["parameters"] {
                    for parameter in parameters {
                        let resolved = parameter["$ref"]?.stringValue.map { shared?[String($0.split(separator: "/").last ?? "")] } ?? parameter
                        if resolved?["in"]?.stringValue == "query", let name = resolved?["name"]?.stringValue { names.insert(name) }
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
