import Foundation
import Testing
import LanziCore
import LanziSigning
@testable import LanziService
@testable import LanziStore

/// Users: who may be added, with which password, how they are stored, disabled and given a
/// new password; and that a password is never stored, logged or shown but once.
struct UserServiceTests {
    typealias F = ServiceFixture

    /// A fixture with the small register (merchants 1 李春华 and 2 王建国).
    static func makeFixture() throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        try fixture.addSmallRegister()
        return fixture
    }

    static func storedUser(_ fixture: ServiceFixture, _ login: String) throws -> StoredUser {
        try #require(try fixture.queue.read { try $0.user(login: login) })
    }

    @Test("a user added without a password gets a generated one, returned once; with one, keeps it; both sign in")
    func addUsers() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let generated = try fixture.admin.addUser(login: "wang.op", role: .operator, merchantID: nil, password: nil)
        let password = try #require(generated.generatedPassword)
        #expect(password.range(of: "^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$", options: .regularExpression) != nil, "\(password)")
        #expect(generated.user.login == "wang.op" && generated.user.role == .operator && generated.user.merchantID == nil)
        #expect(generated.user.createdAt == F.now && generated.user.disabledAt == nil)
        let chosen = try fixture.admin.addUser(login: "shop-li", role: .merchant, merchantID: 1, password: "李家的长密码 2030")
        #expect(chosen.generatedPassword == nil)
        #expect(chosen.user.merchantID == 1 && chosen.user.merchantName == "李春华")
        #expect(try fixture.admin.users().map(\.login) == ["wang.op", "shop-li"])
        // Two generated passwords differ.
        let another = try fixture.admin.addUser(login: "zhang", role: .auditor, merchantID: nil, password: nil)
        #expect(another.generatedPassword != password)

        let operatorIn = try fixture.admin.signIn(login: "wang.op", password: password, address: "192.0.2.1", kind: .cookie)
        #expect(operatorIn.caller == .staff(.operator, name: "user:wang.op"))
        let merchantIn = try fixture.admin.signIn(login: "shop-li", password: "李家的长密码 2030", address: "192.0.2.1", kind: .bearer)
        #expect(merchantIn.caller == .merchant(1, name: "user:shop-li"))
    }

    @Test("a role is read in English or Chinese; anything else is refused naming the field", arguments: [
        ("admin", Role.admin), ("Operator", .operator), ("审计员", .auditor), ("商户", .merchant), (" 管理员 ", .admin),
    ])
    func roles(text: String, role: Role) throws {
        #expect(try Role.parse(text, field: "--role") == role)
    }

    @Test func aBadRoleIsRefused() {
        let error = #expect(throws: DomainError.self) { try Role.parse("boss", field: "--role") }
        #expect(error?.field == "--role")
        #expect(error?.rule.english.contains("got \"boss\"") == true)
    }

    @Test("each bad user is refused with its field and rule, and changes nothing", arguments: [
        ("A", Role.operator, nil as Int64?, nil as String?, "login"),
        ("Wang", .operator, nil, nil, "login"),
        ("1abc", .operator, nil, nil, "login"),
        ("wang li", .operator, nil, nil, "login"),
        ("王", .operator, nil, nil, "login"),
        (String(repeating: "a", count: 33), .operator, nil, nil, "login"),
        ("shop", .merchant, nil, nil, "merchant_id"),
        ("staff", .auditor, 1, nil, "merchant_id"),
        ("short", .operator, nil, "", "password"),
        ("short", .operator, nil, "nine char", "password"),
        ("long", .operator, nil, String(repeating: "长", count: 129), "password"),
        ("tabbed", .operator, nil, "ten chars\there", "password"),
        ("samesame01", .operator, nil, "SameSame01", "password"),
    ])
    func badUsers(login: String, role: Role, merchantID: Int64?, password: String?, field: String) throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let before = try fixture.activityCount()
        #expect(Outcome { _ = try fixture.admin.addUser(login: login, role: role, merchantID: merchantID, password: password) } == .domain(field: field))
        #expect(try fixture.count("users") == 0)
        #expect(try fixture.activityCount() == before)
    }

    @Test("an unknown merchant, a taken login and a phone that signs in another user already are refused")
    func conflicts() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let unknown = Outcome.capture { _ = try fixture.admin.addUser(login: "shop", role: .merchant, merchantID: 99, password: nil) }
        #expect(unknown.outcome == .notFound && unknown.message == "merchant_id: no merchant 99")
        _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: nil)
        let taken = Outcome.capture { _ = try fixture.admin.addUser(login: "wang", role: .auditor, merchantID: nil, password: nil) }
        #expect(taken.outcome == .conflict && taken.message.hasPrefix("login: the login wang is taken"), "\(taken.message)")
        _ = try fixture.admin.addUser(login: "shop-li", role: .merchant, merchantID: 1, password: nil)
        let phone = Outcome.capture { _ = try fixture.admin.addUser(login: "shop-li2", role: .merchant, merchantID: 1, password: nil) }
        #expect(phone.outcome == .conflict && phone.message.contains("already signs in user shop-li"), "\(phone.message)")
        // Once that user is disabled, the phone may sign in a new one.
        _ = try fixture.admin.disableUser(login: "shop-li")
        #expect(try fixture.admin.addUser(login: "shop-li2", role: .merchant, merchantID: 1, password: nil).user.merchantID == 1)
        #expect(try fixture.count("users") == 3)
    }

    @Test("an unknown user is not found, whatever is asked of it")
    func unknownUser() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        for ask in [{ _ = try fixture.admin.disableUser(login: "ghost") }, { _ = try fixture.admin.resetPassword(login: "ghost", newPassword: nil) },
                    { _ = try fixture.admin.caller(forUser: "ghost") }] as [() throws -> Void] {
            let outcome = Outcome.capture(ask)
            #expect(outcome.outcome == .notFound && outcome.message == "login: no user ghost")
        }
    }

    @Test("disabling ends every open session and is final; a disabled user keeps no new password and acts no more")
    func disable() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: "wang's long password")
        let first = try fixture.admin.signIn(login: "wang", password: "wang's long password", address: "192.0.2.1", kind: .cookie)
        let second = try fixture.admin.signIn(login: "wang", password: "wang's long password", address: "192.0.2.2", kind: .bearer)
        #expect(try fixture.admin.caller(forUser: "wang") == .staff(.operator, name: "user:wang"))

        let change = try fixture.admin.disableUser(login: "wang")
        #expect(change.endedSessions == 2 && change.user.disabledAt == F.now && change.generatedPassword == nil)
        for token in [first.token, second.token] {
            #expect(Outcome { _ = try fixture.admin.authenticate(token: token) } == .unauthenticated)
        }
        let reasons = try fixture.queue.read { try $0.rows("SELECT ended_reason FROM sessions").map { try $0.text("ended_reason") } }
        #expect(reasons == ["disabled", "disabled"])
        let again = Outcome.capture { _ = try fixture.admin.disableUser(login: "wang") }
        #expect(again.outcome == .conflict && again.message == "login: user wang was already disabled at \(F.now)")
        #expect(Outcome { _ = try fixture.admin.resetPassword(login: "wang", newPassword: nil) } == .conflict)
        let acting = Outcome.capture { _ = try fixture.admin.caller(forUser: "wang") }
        #expect(acting.outcome == .unauthenticated && acting.message == "user wang was disabled at \(F.now)")
        // Still listed: a user is never deleted.
        #expect(try fixture.admin.users().map(\.isDisabled) == [true])
    }

    @Test("a new password ends the user's sessions; the old one no longer signs in, the new one does")
    func resetPassword() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: "wang's old password")
        let session = try fixture.admin.signIn(login: "wang", password: "wang's old password", address: "192.0.2.1", kind: .cookie)
        let before = try Self.storedUser(fixture, "wang")

        let change = try fixture.admin.resetPassword(login: "wang", newPassword: nil)
        let generated = try #require(change.generatedPassword)
        #expect(change.endedSessions == 1)
        #expect(Outcome { _ = try fixture.admin.authenticate(token: session.token) } == .unauthenticated)
        let after = try Self.storedUser(fixture, "wang")
        #expect(after.passwordHash != before.passwordHash && after.passwordSalt != before.passwordSalt)
        #expect(Outcome { _ = try fixture.admin.signIn(login: "wang", password: "wang's old password", address: "192.0.2.1", kind: .cookie) } == .unauthenticated)
        #expect(try fixture.admin.signIn(login: "wang", password: generated, address: "192.0.2.1", kind: .cookie).caller.role == .operator)

        let chosen = try fixture.admin.resetPassword(login: "wang", newPassword: "a chosen password")
        #expect(chosen.generatedPassword == nil && chosen.endedSessions == 1)
        #expect(Outcome { _ = try fixture.admin.resetPassword(login: "wang", newPassword: "short") } == .domain(field: "password"))
    }

    @Test("a password is stored only as its PBKDF2-HMAC-SHA256 key with a 16-byte random salt; it is in no row, no log line, no file")
    func passwordIsNeverStoredInPlain() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let password = "plain-text-never-stored"
        _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: password)
        _ = try fixture.admin.addUser(login: "li", role: .operator, merchantID: nil, password: password)
        let wang = try Self.storedUser(fixture, "wang")
        let li = try Self.storedUser(fixture, "li")
        #expect(wang.passwordSalt.count == 16 && wang.passwordHash.count == 32)
        #expect(wang.passwordIterations == F.passwordHashing.iterations)
        // The key, derived again here from the password and the stored salt.
        #expect(wang.passwordHash == (try PBKDF2.sha256(password: Array(password.utf8), salt: wang.passwordSalt, iterations: wang.passwordIterations, length: 32)))
        // The same password twice is stored twice differently: each user has its own salt.
        #expect(wang.passwordSalt != li.passwordSalt && wang.passwordHash != li.passwordHash)
        let detail = try fixture.queue.read { try $0.rows("SELECT detail FROM activity_log WHERE action = 'user.add'").map { try $0.text("detail") } }
        #expect(detail.count == 2 && detail.allSatisfy { !$0.contains(password) && $0.contains("\"password\":\"chosen\"") }, "\(detail)")
        try Self.expectNowhereInTheFiles(fixture, Array(password.utf8))
    }

    /// No byte sequence `secret` in the database file or its write-ahead log.
    static func expectNowhereInTheFiles(_ fixture: ServiceFixture, _ secret: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for suffix in ["", "-wal"] {
            guard let data = FileManager.default.contents(atPath: fixture.path + suffix) else { continue }
            #expect(!data.isEmpty, sourceLocation: sourceLocation)
            #expect(data.range(of: Data(secret)) == nil, "found in lanzi.db\(suffix)", sourceLocation: sourceLocation)
        }
    }

    @Test("production stores 600,000 rounds: the default of every service, and what a user added by it holds")
    func productionUses600000Iterations() throws {
        #expect(PasswordHashing.production.iterations == 600_000)
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let production = LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"), clock: F.clock)
        #expect(production.passwordHashing.iterations == 600_000)
        #expect(production.acting(as: .staff(.operator, name: "op")).passwordHashing == .production)
        _ = try production.addUser(login: "wang", role: .operator, merchantID: nil, password: "a production password")
        let stored = try Self.storedUser(fixture, "wang")
        #expect(stored.passwordIterations == 600_000)
        #expect(stored.passwordHash == (try PBKDF2.sha256(password: Array("a production password".utf8), salt: stored.passwordSalt, iterations: 600_000, length: 32)))
    }

    @Test("every change of a user is one activity line naming the user; a refusal writes none")
    func activityLog() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        let start = try fixture.activity().count
        _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: nil)
        _ = Outcome { _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: nil) }
        _ = Outcome { _ = try fixture.operatorCaller.addUser(login: "li", role: .operator, merchantID: nil, password: nil) }
        _ = try fixture.admin.resetPassword(login: "wang", newPassword: nil)
        _ = try fixture.admin.disableUser(login: "wang")
        let lines = try fixture.activity().dropFirst(start)
        #expect(lines.map(\.action) == ["user.add", "user.reset_password", "user.disable"])
        #expect(lines.allSatisfy { $0.actor == "cli:tester" && $0.subject == "user wang" })
    }

    @Test("only an administrator manages users; staff list them; a merchant may not")
    func whoManagesUsers() throws {
        let fixture = try Self.makeFixture()
        defer { fixture.close() }
        _ = try fixture.admin.addUser(login: "wang", role: .operator, merchantID: nil, password: nil)
        for service in [fixture.operatorCaller, fixture.auditor, fixture.merchantCaller] {
            #expect(Outcome { _ = try service.addUser(login: "li", role: .admin, merchantID: nil, password: nil) } == .forbidden)
            #expect(Outcome { _ = try service.resetPassword(login: "wang", newPassword: nil) } == .forbidden)
            #expect(Outcome { _ = try service.disableUser(login: "wang") } == .forbidden)
            #expect(Outcome { _ = try service.caller(forUser: "wang") } == .forbidden)
        }
        #expect(try fixture.operatorCaller.users().count == 1)
        #expect(try fixture.auditor.users().count == 1)
        #expect(Outcome { _ = try fixture.merchantCaller.users() } == .forbidden)
        let refusal = Outcome.capture { _ = try fixture.operatorCaller.addUser(login: "li", role: .admin, merchantID: nil, password: nil) }
        #expect(refusal.message == "an operator may not manage users (administrators only)")
    }
}
