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

    static func answer() throws -> APIAnswer {
        guard let text = text, let value = try? JSONValue.parse(bytes: Array(text.utf8), source: "openapi.json") else {
            throw ServiceError.unavailable("the API's description (schema/openapi.json) is not installed with this server")
        }
        return APIAnswer(json: value)
    }
}
