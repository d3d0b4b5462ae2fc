import Foundation
import LanziCore
import LanziHTTP
import LanziService

/// One request as a page sees it: the service acting for whoever signed in, the path's
/// parameters, the query and the posted form, each value read with the rule a bad one is
/// refused by (the field it names).
package struct PageCall: Sendable {
    package let request: HTTPRequest
    package let parameters: RouteParameters
    package let service: LanziService
    package let context: HTTPRequestContext
    /// The session's token, for signing out and changing the password; nil when signed out.
    let session: String?
    let frame: PageFrame
    /// The posted form's fields, in order; empty for a GET.
    let form: [(name: String, value: String)]

    init(request: HTTPRequest, parameters: RouteParameters, service: LanziService, context: HTTPRequestContext, session: String?, frame: PageFrame) throws {
        self.request = request
        self.parameters = parameters
        self.service = service
        self.context = context
        self.session = session
        self.frame = frame
        self.form = request.method == "POST" ? try PageCall.formFields(of: request) : []
    }

    var today: CalendarDate { service.clock.today() }

    /// The form of a POST, as browsers send it (`application/x-www-form-urlencoded`).
    private static func formFields(of request: HTTPRequest) throws -> [(name: String, value: String)] {
        let type = request.headers["content-type"]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") || (type.isEmpty && request.body.isEmpty) else { throw APIError.unsupportedForm }
        guard let text = String(validating: request.body, as: UTF8.self) else { throw APIError.badRequest(Phrase("the form is not valid percent-encoded UTF-8")) }
        var fields: [(name: String, value: String)] = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = HTTPRequest.decode(parts[0]), let value = HTTPRequest.decode(parts.count > 1 ? parts[1] : "") else {
                throw APIError.badRequest(Phrase("the form is not valid percent-encoded UTF-8"))
            }
            fields.append((name, value))
        }
        return fields
    }

    /// Refuses a POST whose form does not carry the session's token (or, signing in, the
    /// sign-in form's own cookie's): a page of another site cannot post here for the user.
    func requireFormToken() throws {
        let sent = try field("csrf") ?? ""
        let valid: Bool
        if let session {
            valid = LanziService.isFormToken(sent, forSession: session)
        } else {
            let cookie = request.cookie(WebPages.signInFormCookie) ?? ""
            valid = cookie.utf8.count == 32 && sent == cookie
        }
        guard valid else { throw APIError.staleForm }
    }

    /// A form field's value, trimmed; nil when it is missing or blank.
    package func field(_ name: String) throws -> String? {
        let values = form.filter { $0.name == name }.map(\.value)
        if values.count > 1 { throw DomainError(field: name, rule: "is given more than once") }
        guard let value = values.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// A password field's value exactly as typed: spaces may be part of a password.
    func secret(_ name: String) -> String { form.first { $0.name == name }?.value ?? "" }

    package func requiredField(_ name: String) throws -> String {
        guard let value = try field(name) else { throw DomainError(field: name, rule: "is required") }
        return value
    }

    /// Every value of a field that may repeat (a list of check boxes).
    func fields(_ name: String) -> [String] { form.filter { $0.name == name }.map(\.value) }

    func dateField(_ name: String) throws -> CalendarDate? { try field(name).map { try CalendarDate.parse($0, field: name) } }

    func requiredDate(_ name: String) throws -> CalendarDate { try CalendarDate.parse(try requiredField(name), field: name) }

    /// An amount typed in yuan (`1234.50`), as the command line reads one.
    func money(_ name: String) throws -> Money? { try field(name).map { try Money.parse($0, field: name) } }

    func requiredMoney(_ name: String) throws -> Money { try Money.parse(try requiredField(name), field: name) }

    func integerField(_ name: String, in range: ClosedRange<Int64> = 1...Int64.max) throws -> Int64? {
        guard let text = try field(name) else { return nil }
        guard let value = Int64(text), range.contains(value) else { throw DomainError(field: name, rule: "must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    func requiredInteger(_ name: String, in range: ClosedRange<Int64> = 1...Int64.max) throws -> Int64 {
        guard let value = try integerField(name, in: range) else { throw DomainError(field: name, rule: "is required") }
        return value
    }

    /// A query parameter's value, if it is given (once) and not blank.
    package func query(_ name: String) throws -> String? {
        guard let items = request.queryItems else { throw APIError.badRequest(Phrase("the query is not valid percent-encoded UTF-8")) }
        let values = items.filter { $0.name == name }.map(\.value)
        if values.count > 1 { throw DomainError(field: name, rule: "is given more than once") }
        guard let value = values.first?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func queryInteger(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let text = try query(name) else { return nil }
        guard let value = Int64(text), range.contains(value) else { throw DomainError(field: name, rule: "must be a whole number from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    /// The path's `{name}` as a record id: any other text names nothing there is (404).
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters[name], let id = Int64(text), id > 0 else { throw APIError.notFound }
        return id
    }

    func text(_ name: String) throws -> String {
        guard let text = parameters[name] else { throw APIError.notFound }
        return text
    }

    /// The signed-in caller; pages that are not public always have one.
    var caller: Caller { service.caller }
}

extension APIError {
    static let unsupportedForm = APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                                          message: Phrase("the form must be sent as application/x-www-form-urlencoded"))
    static let staleForm = APIError(status: .forbidden, code: "forbidden",
                                    message: Phrase("this form has expired or did not come from this site; open the page again and resend it"))
}
