/// The values a route's `{name}` segments took, decoded.
package struct RouteParameters: Sendable {
    package private(set) var values: [(name: String, value: String)] = []

    package subscript(_ name: String) -> String? { values.first { $0.name == name }?.value }

    mutating func append(_ name: String, _ value: String) { values.append((name, value)) }
}

/// Routes requests by method and path pattern (`/api/v1/bills/{id}`) to handlers: a tree of
/// path segments, a literal segment before a `{parameter}` one. A path no route has is 404;
/// a path some route has, but not for this method, is 405 with `Allow`. HEAD is answered as
/// GET (the server drops the body).
package struct Router<Handler: Sendable>: Sendable {
    private final class Node: @unchecked Sendable {
        // @unchecked Sendable: built before the router is shared, only read after.
        var literals: [String: Node] = [:]
        var parameter: (name: String, node: Node)?
        var handlers: [String: Handler] = [:]
    }

    private let root = Node()
    /// Every route as added: method and pattern.
    package private(set) var routes: [(method: String, pattern: String)] = []

    package init() {}

    package enum Match: Sendable {
        case found(Handler, RouteParameters)
        /// No route has this path.
        case notFound
        /// Routes have this path for these methods only.
        case methodNotAllowed(allowed: [String])
        /// A segment's percent escapes are not valid UTF-8.
        case badPath
    }

    /// Adds a route; a pattern's `{name}` segment matches any one segment.
    package mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        var node = root
        for segment in Self.segments(pattern) {
            if segment.hasPrefix("{") && segment.hasSuffix("}") {
                let name = String(segment.dropFirst().dropLast())
                if let existing = node.parameter {
                    precondition(existing.name == name, "\(pattern): {\(name)} where another route has {\(existing.name)}")
                    node = existing.node
                } else {
                    let next = Node()
                    node.parameter = (name, next)
                    node = next
                }
            } else {
                let next = node.literals[String(segment)] ?? Node()
                node.literals[String(segment)] = next
                node = next
            }
        }
        precondition(node.handlers[method] == nil, "\(method) \(pattern) is routed twice")
        node.handlers[method] = handler
        routes.append((method, pattern))
    }

    package func match(method: String, path: String) -> Match {
        var node = root
        var parameters = RouteParameters()
        for segment in Self.segments(path) {
            if let next = node.literals[String(segment)] {
                node = next
            } else if let (name, next) = node.parameter {
                guard let value = HTTPRequest.decode(segment, plusIsSpace: false) else { return .badPath }
                parameters.append(name, value)
                node = next
            } else {
                return .notFound
            }
        }
        if let handler = node.handlers[method] ?? (method == "HEAD" ? node.handlers["GET"] : nil) { return .found(handler, parameters) }
        if node.handlers.isEmpty { return .notFound }
        var allowed = node.handlers.keys.sorted()
        if allowed.contains("GET") { allowed.append("HEAD") }
        return .methodNotAllowed(allowed: allowed)
    }

    /// `/a/b/` and `/a/b` are the same path; an empty path is the root.
    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
