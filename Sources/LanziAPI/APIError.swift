import Foundation
import LanziCore
import LanziHTTP
import LanziService

/// A refusal of the HTTP layer's own, before a service method is reached: the request's
/// form, not its content.
package struct APIError: Error, Sendable {
    package let status: HTTPStatus
    package let code: String
    package let message: Phrase
    package var allowed: [String] = []

    package static let notFound = APIError(status: .notFound, code: ServiceError.Code.notFound.rawValue, message: Phrase("there is nothing at this address"))
    package static let unsupportedMediaType = APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                                                       message: Phrase("the body must be JSON, sent as Content-Type: application/json"))
    package static let unauthenticated = APIError(status: .unauthorized, code: "unauthenticated",
                                                  message: Phrase("sign in first: send Authorization: Bearer TOKEN, with a token from POST /api/v1/sessions"))

    package static func badRequest(_ message: Phrase) -> APIError { APIError(status: .badRequest, code: "bad_request", message: message) }

    package static func methodNotAllowed(_ allowed: [String]) -> APIError {
        APIError(status: .methodNotAllowed, code: "method_not_allowed", message: Phrase("this address does not take that method"), allowed: allowed)
    }
}

/// The one place a failure becomes an HTTP status and the shared error document
/// `{"error":{"code":…,"field":…,"message":…}}`. Only the service's and this layer's own
/// refusals are shown as they are; anything else is a 500 whose detail goes to the log.
enum ErrorResponse {
    /// - Parameter now: the service's clock's instant, which a wait (`Retry-After`) counts from.
    static func make(for error: Error, now: Date, log: (String) -> Void) -> HTTPResponse {
        switch error {
        case let error as APIError:
            var response = json(error.status, code: error.code, field: nil, message: error.message.description)
            if !error.allowed.isEmpty { response.headers.add("Allow", error.allowed.joined(separator: ", ")) }
            return response
        case let error as DomainError:
            return json(.unprocessableContent, code: ServiceError.Code.invalid.rawValue, field: requestName(of: error.field), message: error.rule.description)
        case let error as ServiceError:
            var response = json(status(of: error.code), code: error.code.rawValue, field: error.field.map(requestName), message: error.message.description)
            if let retryAfter = error.retryAfter {
                response.headers.add("Retry-After", String(max(1, Int(retryAfter.timeIntervalSince(now).rounded(.up)))))
            }
            return response
        case let error as ImportError:
            return json(.unprocessableContent, code: ServiceError.Code.invalid.rawValue, field: error.source, message: error.summary.description,
                        problems: error.problems)
        default:
            log("\(error)")
            let failure = ServiceError.internalFailure
            return json(.internalServerError, code: failure.code.rawValue, field: nil, message: failure.message.description)
        }
    }

    /// The request's names of the fields the service names as the domain does, where they
    /// differ: money travels in fen (`amount_fen`, as every answer gives it), and the key of a
    /// payment or a refund in a header. A refusal names what the client sent.
    static let requestNames: [String: String] = [
        "amount": "amount_fen", "rent": "rent_fen", "deposit": "deposit_fen",
        "fee_per_m2": "management_fee_fen", "fee_fixed": "management_fee_fen", "key": "Idempotency-Key",
    ]

    static func requestName(of field: String) -> String { requestNames[field] ?? field }

    static func status(of code: ServiceError.Code) -> HTTPStatus {
        switch code {
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .invalid: .unprocessableContent
        case .unavailable: .serviceUnavailable
        case .internal: .internalServerError
        case .unauthenticated: .unauthorized
        case .throttled: .tooManyRequests
        }
    }

    static func json(_ status: HTTPStatus, code: String, field: String?, message: String, problems: [DomainError] = []) -> HTTPResponse {
        APIAnswer(status: status, json: ErrorDocument.json(code: code, field: field, message: message, problems: problems)).response
    }

    /// What the server answers for a request it refused before routing (malformed, too big,
    /// too slow): the same document, in English, since the request may be unreadable.
    static func forServer(_ status: HTTPStatus, _ message: String) -> HTTPResponse {
        let code = switch status.code {
        case 408: "timeout"
        case 413, 414, 431: "too_large"
        case 503: "unavailable"
        default: "bad_request"
        }
        return json(status, code: code, field: nil, message: message)
    }
}

/// A route's answer: a status and a JSON document, as a tree or already written as bytes.
package struct APIAnswer: Sendable {
    package var status: HTTPStatus
    package var headers: HTTPHeaders = [:]
    private let body: [UInt8]

    package init(status: HTTPStatus = .ok, json: JSONValue, headers: HTTPHeaders = [:]) {
        self.status = status
        self.body = json.compactBytes()
        self.headers = headers
    }

    /// An answer whose JSON is written straight into bytes (`JSONBytes`).
    package init(status: HTTPStatus = .ok, written: JSONBytes, headers: HTTPHeaders = [:]) {
        self.status = status
        self.body = written.bytes
        self.headers = headers
    }

    var response: HTTPResponse {
        var headers = self.headers
        headers.add("Content-Type", "application/json; charset=utf-8")
        // Answers hold a market's and its merchants' records: no cache keeps them.
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
