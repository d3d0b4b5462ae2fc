import Foundation
import LanziCore
import LanziHTTP
import LanziService

/// A page's answer: a page inside the site's layout, a whole document of its own (a receipt
/// to print, the disclosure sheet), a file to download, or a redirect after a form.
enum PageAnswer {
    case page(title: String, body: HTML, status: HTTPStatus = .ok, cookies: [String] = [])
    case document(HTML)
    case file(type: String, name: String, bytes: [UInt8])
    case redirect(to: String, cookies: [String] = [])

    func response(_ frame: PageFrame) -> HTTPResponse {
        var headers = PageAnswer.commonHeaders
        switch self {
        case .page(let title, let body, let status, let cookies):
            for cookie in cookies { headers.add("Set-Cookie", cookie) }
            headers.add("Content-Type", "text/html; charset=utf-8")
            return HTTPResponse(status: status, headers: headers, body: Array(PageLayout.page(title: title, body: body, frame: frame).markup.utf8))
        case .document(let html):
            headers.add("Content-Type", "text/html; charset=utf-8")
            return HTTPResponse(status: .ok, headers: headers, body: Array(html.markup.utf8))
        case .file(let type, let name, let bytes):
            headers.add("Content-Type", type)
            headers.add("Content-Disposition", "attachment; filename=\"\(name)\"")
            return HTTPResponse(status: .ok, headers: headers, body: bytes)
        case .redirect(let location, let cookies):
            for cookie in cookies { headers.add("Set-Cookie", cookie) }
            headers.add("Location", location)
            return HTTPResponse(status: .seeOther, headers: headers)
        }
    }

    /// Every page holds a market's or a merchant's records: none is cached, framed, or
    /// allowed a script or anything from elsewhere.
    static let commonHeaders: HTTPHeaders = [
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ]

    /// To the sign-in page, and back here after (a GET only: a form posted with no session is lost).
    static func signInFirst(from request: HTTPRequest) -> PageAnswer {
        let back = request.method == "GET" ? request.target : "/"
        return .redirect(to: "/signin?next=" + PageAnswer.percentEncoded(back))
    }

    /// `path` if it is a path of this site, else the home page: a link's `next` or `back`
    /// never sends anyone elsewhere.
    static func localPath(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"),
              !path.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return "/" }
        return path
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "/"
    }

    /// A failure as a page a person understands, in the page's language: the service's and
    /// this layer's own refusals as they are; anything else a 500 whose detail goes to the log.
    static func failure(_ error: Error, now: Date, log: (String) -> Void) -> PageAnswer {
        let status: HTTPStatus
        let message: String
        switch error {
        case let error as APIError:
            (status, message) = (error.status, error.message.description)
        case let error as DomainError:
            (status, message) = (.unprocessableContent, "\(FieldLabel.of(error.field))：\(error.rule)")
        case let error as ServiceError:
            status = ErrorResponse.status(of: error.code)
            message = error.field.map { "\(FieldLabel.of($0))：\(error.message)" } ?? error.message.description
        case let error as ImportError:
            (status, message) = (.unprocessableContent, error.summary.description)
        default:
            log("\(error)")
            (status, message) = (.internalServerError, ServiceError.internalFailure.message.description)
        }
        let title = switch status.code {
        case 404: t("Not found")
        case 403: t("Not allowed")
        case 401: t("Please sign in")
        case 500...: t("Something went wrong")
        default: t("This could not be done")
        }
        let body: HTML = """
            <section class="notice bad"><p>\(message)</p></section>
            <p><a href="/">\(t("Back to the start page"))</a></p>
            """
        return .page(title: title, body: body, status: status)
    }
}

/// The words a form's field is shown with in a refusal: the label the page gave it.
enum FieldLabel {
    static func of(_ field: String) -> String {
        switch field {
        case "login": t("Login or phone number")
        case "password", "current_password": t("Password")
        case "new_password": t("New password")
        case "amount": t("Amount (yuan)")
        case "method": t("Method")
        case "reference": t("Reference")
        case "paid_on", "date", "on": t("Date")
        case "merchant_id", "merchant": t("Merchant")
        case "bill_ids", "bills": t("Bills")
        case "period": t("Month")
        case "reason": t("Reason")
        default: field
        }
    }
}
