import Foundation
import Testing
import LanziCore
import LanziSigning
@testable import LanziService
@testable import LanziStore

/// A clock a test moves by hand, for sessions that expire and throttles that end.
final class ManualClock: @unchecked Sendable {
    // @unchecked: `instant` is read and written only under `lock`.
    private let lock = NSLock()
    private var instant: Date

    init(_ start: Date) { instant = start }

    func advance(by seconds: TimeInterval) { lock.withLock { instant = instant.addingTimeInterval(seconds) } }

    var now: Date { lock.withLock { instant } }

    var clock: Clock { Clock { [self] in now } }
}

/// Signing in and out, sessions and their expiry, and the throttle on failed sign-ins.
struct SignInTests {
    typealias F = ServiceFixture

    static let start = Date(timeIntervalSince1970: 1_909_000_000)   // 2030-06-30T… UTC, like the fixtures' day

    /// The small register, operator `wang` and merchant 1's user `shop-li`, and a service on
    /// a clock the test moves.
    struct Desk {
        let fixture: ServiceFixture
        let clock: ManualClock
        let service: LanziService

        init() throws {
            fixture = try ServiceFixture()
            try fixture.addSmallRegister()
            clock = ManualClock(SignInTests.start)
            service = LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"), clock: clock.clock,
                                   passwordHashing: F.passwordHashing)
            _ = try service.addUser(login: "wang", role: .operator, merchantID: nil, password: "wang's long password")
            _ = try service.addUser(login: "shop-li", role: .merchant, merchantID: 1, password: "li's long password")
        }

        func signIn(_ login: String, _ password: String, from address: String = "192.0.2.1", kind: SessionKind = .cookie) throws -> SignedIn {
            try service.signIn(login: login, password: password, address: address, kind: kind)
        }

        func refusal(_ login: String, _ password: String, from address: String = "192.0.2.1") -> ServiceError? {
            do {
                _ = try signIn(login, password, from: address)
                return nil
            } catch {
                return error as? ServiceError
            }
        }

        func attempts() throws -> Int64 { try fixture.count("sign_in_attempts") }

        func activity() throws -> [(actor: String, action: String, subject: String, detail: String)] {
            try fixture.queue.read { database in
                try database.rows("SELECT actor, action, subject, detail FROM activity_log WHERE action LIKE 'user.sign%' ORDER BY id").map {
                    (try $0.text("actor"), try $0.text("action"), try $0.text("subject"), try $0.text("detail"))
                }
            }
        }

        func close() { fixture.close() }
    }

    @Test("a sign-in gives a token whose session acts as the user, for 12 hours (cookie) or 30 days (bearer)", arguments: SessionKind.allCases)
    func signInAndExpiry(kind: SessionKind) throws {
        let desk = try Desk()
        defer { desk.close() }
        let signedIn = try desk.signIn("wang", "wang's long password", kind: kind)
        #expect(signedIn.token.count == 43 && signedIn.kind == kind)
        #expect(signedIn.caller == .staff(.operator, name: "user:wang"))
        #expect(signedIn.expiresAt == SignInTests.start.addingTimeInterval(kind == .cookie ? 12 * 3600 : 30 * 86_400))
        #expect(try desk.service.authenticate(token: signedIn.token) == signedIn.caller)
        // Still open a second before it expires; refused from the instant it does.
        desk.clock.advance(by: kind.lifetime - 1)
        #expect(try desk.service.authenticate(token: signedIn.token) == signedIn.caller)
        desk.clock.advance(by: 1)
        let expired = Outcome.capture { _ = try desk.service.authenticate(token: signedIn.token) }
        #expect(expired.outcome == .unauthenticated)
        #expect(expired.message == "not signed in: the session is unknown, has ended or has expired; sign in again")
        #expect(Outcome { try desk.service.signOut(token: signedIn.token) } == .unauthenticated)
    }

    @Test("the token is stored only as the SHA-256 of its text: in no row and in no file")
    func tokenStoredOnlyAsItsDigest() throws {
        let desk = try Desk()
        defer { desk.close() }
        let signedIn = try desk.signIn("wang", "wang's long password", kind: .bearer)
        let rows = try desk.fixture.queue.read { try $0.rows("SELECT token_sha256, kind, address, created_at, expires_at FROM sessions") }
        #expect(rows.count == 1)
        #expect(try rows[0].text("token_sha256") == Digest.hex(try Digest.sha256(Array(signedIn.token.utf8))))
        #expect(try rows[0].text("kind") == "bearer" && rows[0].text("address") == "192.0.2.1")
        #expect(try rows[0].text("expires_at") == Timestamp.format(signedIn.expiresAt))
        try UserServiceTests.expectNowhereInTheFiles(desk.fixture, Array(signedIn.token.utf8))
        try UserServiceTests.expectNowhereInTheFiles(desk.fixture, Array("wang's long password".utf8))
        #expect(try desk.activity().allSatisfy { !$0.detail.contains(signedIn.token) && !$0.detail.contains("wang's long password") })
    }

    @Test("a signed-out token proves nothing, and signs out no second time")
    func signOut() throws {
        let desk = try Desk()
        defer { desk.close() }
        let first = try desk.signIn("wang", "wang's long password")
        let second = try desk.signIn("wang", "wang's long password")
        try desk.service.signOut(token: first.token)
        #expect(Outcome { _ = try desk.service.authenticate(token: first.token) } == .unauthenticated)
        #expect(Outcome { try desk.service.signOut(token: first.token) } == .unauthenticated)
        // The other session of the same user is untouched.
        #expect(try desk.service.authenticate(token: second.token).name == "user:wang")
        let ended = try desk.fixture.queue.read { try $0.rows("SELECT ended_reason FROM sessions WHERE ended_at IS NOT NULL").map { try $0.text("ended_reason") } }
        #expect(ended == ["sign_out"])
    }

    @Test("a session whose user was disabled behind the service's back, its sessions left open, proves nothing; a merchant user's proves its merchant")
    func disabledUserWithOpenSession() throws {
        let desk = try Desk()
        defer { desk.close() }
        let merchant = try desk.signIn("shop-li", "li's long password")
        #expect(try desk.service.authenticate(token: merchant.token) == .merchant(1, name: "user:shop-li"))
        let signedIn = try desk.signIn("wang", "wang's long password")
        #expect(try desk.service.authenticate(token: signedIn.token) == .staff(.operator, name: "user:wang"))
        // Disabling ends the sessions too (a trigger of the schema); with that trigger gone
        // only the user's row says it, so that the check of the user, not of the session's
        // end, is what refuses.
        try desk.fixture.queue.write { database in
            try database.execute("DROP TRIGGER users_disabled_end_sessions")
            try database.execute("UPDATE users SET disabled_at = '2026-01-01T00:00:00.000Z' WHERE login = 'wang'")
        }
        let open = try desk.fixture.queue.read { try $0.rows("SELECT count(*) AS n FROM sessions WHERE ended_at IS NULL").first?.int("n") }
        #expect(open == 2)
        #expect(Outcome { _ = try desk.service.authenticate(token: signedIn.token) } == .unauthenticated)
    }

    @Test("a token that is malformed, or well formed but unknown, proves nothing")
    func unknownTokens() throws {
        let desk = try Desk()
        defer { desk.close() }
        let real = try desk.signIn("wang", "wang's long password").token
        var changed = Array(real)
        changed[0] = changed[0] == "A" ? "B" : "A"
        for token in ["", "Bearer " + real, String(real.dropLast()), real + "A", String(changed), String(repeating: "%", count: 43)] {
            #expect(Outcome { _ = try desk.service.authenticate(token: token) } == .unauthenticated, "\(token)")
        }
    }

    @Test("a wrong password and an unknown login get the same refusal, and each is logged with why")
    func wrongPasswordAndUnknownLogin() throws {
        let desk = try Desk()
        defer { desk.close() }
        let wrong = try #require(desk.refusal("wang", "not the password"))
        let unknown = try #require(desk.refusal("ghost", "not the password"))
        let nonsense = try #require(desk.refusal("!! not a login", "not the password"))
        for refusal in [wrong, unknown, nonsense] {
            #expect(refusal.code == .unauthenticated && refusal.field == nil && refusal.retryAfter == nil)
            #expect(refusal.message == "the login or the password is wrong")
        }
        let lines = try desk.activity()
        #expect(lines.map(\.action) == ["user.sign_in_failed", "user.sign_in_failed", "user.sign_in_failed"])
        #expect(lines.map(\.actor) == ["user:wang", "anonymous", "anonymous"])
        #expect(lines.map(\.subject) == ["user wang", "login ghost", "login (neither a login nor a phone number)"])
        #expect(lines[0].detail == #"{"reason":"wrong_password","address":"192.0.2.1"}"#)
        #expect(lines[1].detail.contains(#""reason":"unknown_login""#))
        #expect(try desk.attempts() == 3)
    }

    @Test("an unknown login takes as long as a wrong password: a key is derived for it too")
    func unknownLoginTakesAsLong() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        // Enough rounds that a derivation stands out from the rest of a sign-in's work.
        let hashing = PasswordHashing(iterations: 40_000)
        let service = LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"), clock: F.clock, passwordHashing: hashing)
        for index in 1...3 { _ = try service.addUser(login: "user\(index)", role: .auditor, merchantID: nil, password: "the right password") }
        func seconds(_ body: () throws -> Void) -> Double {
            let started = DispatchTime.now().uptimeNanoseconds
            _ = Outcome(body)
            return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        }
        let derivation = (1...3).map { _ in seconds { _ = try PBKDF2.sha256(password: Array("x".utf8), salt: [UInt8](repeating: 1, count: 16), iterations: 40_000, length: 32) } }.min()!
        // The fastest of three of each, against a shared machine's noise; distinct logins, so no throttle.
        let wrong = (1...3).map { index in seconds { _ = try service.signIn(login: "user\(index)", password: "wrong password", address: "192.0.2.9", kind: .cookie) } }.min()!
        let unknown = (1...3).map { index in seconds { _ = try service.signIn(login: "ghost\(index)", password: "wrong password", address: "192.0.2.9", kind: .cookie) } }.min()!
        #expect(wrong > derivation * 0.7, "a wrong password took \(wrong) s, a derivation \(derivation) s")
        #expect(unknown > derivation * 0.7, "an unknown login took \(unknown) s, a derivation \(derivation) s")
        #expect(unknown > wrong * 0.5 && unknown < wrong * 2, "unknown \(unknown) s, wrong \(wrong) s")
    }

    @Test("a disabled user is refused: as disabled once its password is right, as anyone else otherwise")
    func disabledUser() throws {
        let desk = try Desk()
        defer { desk.close() }
        _ = try desk.service.disableUser(login: "wang")
        let right = try #require(desk.refusal("wang", "wang's long password"))
        #expect(right.code == .unauthenticated && right.message == "user wang has been disabled; ask an administrator")
        let wrong = try #require(desk.refusal("wang", "not the password"))
        #expect(wrong.message == "the login or the password is wrong")
        #expect(try desk.fixture.count("sessions") == 0)
        #expect(try desk.activity().map(\.detail).map { $0.contains("\"reason\":\"disabled\"") } == [true, false])
    }

    @Test("a merchant user signs in with its merchant's phone number, however it is written")
    func phoneNumberSignIn() throws {
        let desk = try Desk()
        defer { desk.close() }
        // Merchant 1's phone is 13800000000.
        for typed in ["13800000000", " 138-0000-0000 ", "138 0000 0000", "１３８００００００００", "+13800000000"] {
            let signedIn = try desk.signIn(typed, "li's long password", kind: .bearer)
            #expect(signedIn.caller == .merchant(1, name: "user:shop-li"), "\(typed)")
        }
        #expect(try desk.activity().last?.detail.contains(#""with":"phone""#) == true)
        // Merchant 2's phone has no user; a wrong password by phone is a wrong password.
        #expect(desk.refusal("13900000001", "li's long password")?.message == "the login or the password is wrong")
        #expect(desk.refusal("13800000000", "not the password")?.message == "the login or the password is wrong")
        // The login signs in too, upper case as typed.
        #expect(try desk.signIn("SHOP-LI", "li's long password").caller.merchantID == 1)
    }

    @Test("five failures of one login make it wait a minute, then twice as long after each further one; no password is checked meanwhile")
    func throttlePerLogin() throws {
        let desk = try Desk()
        defer { desk.close() }
        for _ in 1...5 { #expect(desk.refusal("wang", "not the password")?.code == .unauthenticated) }
        let attempts = try desk.attempts()
        let lines = try desk.activity().count
        // Even the right password waits, and the refusal says until when.
        let throttled = try #require(desk.refusal("wang", "wang's long password", from: "198.51.100.7"))
        #expect(throttled.code == .throttled)
        #expect(throttled.retryAfter == SignInTests.start.addingTimeInterval(60))
        #expect(throttled.message.english == "too many failed sign-ins; try again in 60 s, after \(Timestamp.chinaStandardTime(SignInTests.start.addingTimeInterval(60))) China Standard Time")
        // Refused from a read: no attempt counted, no line written (so no key was derived either:
        // the attempt is written before the derivation).
        #expect(try desk.attempts() == attempts && desk.activity().count == lines)
        // The same user by its phone number waits too; another user does not.
        _ = try desk.service.addUser(login: "zhang", role: .auditor, merchantID: nil, password: "zhang's long password")
        #expect(try desk.signIn("zhang", "zhang's long password").caller.role == .auditor)

        desk.clock.advance(by: 59)
        #expect(desk.refusal("wang", "wang's long password")?.retryAfter == SignInTests.start.addingTimeInterval(60))
        desk.clock.advance(by: 1)
        // One more failure: now two minutes from it.
        #expect(desk.refusal("wang", "not the password")?.code == .unauthenticated)
        let after = desk.clock.now
        #expect(desk.refusal("wang", "wang's long password")?.retryAfter == after.addingTimeInterval(120))
        desk.clock.advance(by: 120)
        // The right password, once allowed, signs in and clears the login's failures.
        #expect(try desk.signIn("wang", "wang's long password").caller.name == "user:wang")
        #expect(desk.refusal("wang", "not the password")?.code == .unauthenticated)
        #expect(desk.refusal("wang", "not the password")?.code == .unauthenticated)
    }

    @Test("a throttled attempt derives no key: it is answered in a fraction of one derivation's time")
    func throttledAttemptsCostNoHash() throws {
        let fixture = try ServiceFixture()
        defer { fixture.close() }
        let service = LanziService(queue: fixture.queue, caller: .localAdministrator(login: "tester"), clock: F.clock,
                                   passwordHashing: PasswordHashing(iterations: 150_000))
        _ = try service.addUser(login: "wang", role: .auditor, merchantID: nil, password: "the right password")
        func seconds(_ body: () throws -> Void) -> (Double, Outcome) {
            let started = DispatchTime.now().uptimeNanoseconds
            let outcome = Outcome(body)
            return (Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, outcome)
        }
        let failures = (1...5).map { _ in seconds { _ = try service.signIn(login: "wang", password: "wrong password", address: "192.0.2.9", kind: .cookie) } }
        #expect(failures.allSatisfy { $0.1 == .unauthenticated })
        let throttled = (1...5).map { _ in seconds { _ = try service.signIn(login: "wang", password: "wrong password", address: "192.0.2.9", kind: .cookie) } }
        #expect(throttled.allSatisfy { $0.1 == .throttled })
        let slowestThrottled = throttled.map(\.0).max()!
        let fastestFailure = failures.map(\.0).min()!
        #expect(slowestThrottled < fastestFailure / 4, "throttled \(slowestThrottled) s, a failure \(fastestFailure) s")
    }

    @Test("twenty failures from one address make every login from it wait; other addresses sign in")
    func throttlePerAddress() throws {
        let desk = try Desk()
        defer { desk.close() }
        for index in 1...20 { #expect(desk.refusal("ghost\(index)", "guess", from: "203.0.113.5")?.code == .unauthenticated) }
        let throttled = try #require(desk.refusal("wang", "wang's long password", from: "203.0.113.5"))
        #expect(throttled.code == .throttled && throttled.retryAfter == SignInTests.start.addingTimeInterval(60))
        #expect(try desk.signIn("wang", "wang's long password", from: "203.0.113.6").caller.name == "user:wang")
        desk.clock.advance(by: 60)
        // A success does not clear an address: the next failure from it doubles the wait.
        #expect(try desk.signIn("wang", "wang's long password", from: "203.0.113.5").caller.name == "user:wang")
        #expect(desk.refusal("ghost21", "guess", from: "203.0.113.5")?.code == .unauthenticated)
        #expect(desk.refusal("wang", "wang's long password", from: "203.0.113.5")?.retryAfter == desk.clock.now.addingTimeInterval(120))
    }

    @Test("failures older than a day count for nothing, and are removed")
    func oldFailuresExpire() throws {
        let desk = try Desk()
        defer { desk.close() }
        for _ in 1...5 { _ = desk.refusal("wang", "not the password") }
        #expect(desk.refusal("wang", "not the password")?.code == .throttled)
        desk.clock.advance(by: 86_400 + 1)
        // Were the five old failures still counted, the second of these would wait two minutes.
        for _ in 1...4 { #expect(desk.refusal("wang", "not the password")?.code == .unauthenticated) }
        #expect(desk.refusal("wang", "not the password")?.code == .unauthenticated)
        #expect(desk.refusal("wang", "not the password")?.code == .throttled)
        // The five old rows went when the first new attempt was counted.
        #expect(try desk.attempts() == 5)
    }

    @Test("a bad address is refused naming it, before anything else")
    func badAddress() throws {
        let desk = try Desk()
        defer { desk.close() }
        for address in ["", "   ", "192.0.2.1 extra", String(repeating: "1", count: 101)] {
            #expect(Outcome { _ = try desk.signIn("wang", "wang's long password", from: address) } == .domain(field: "address"))
        }
        #expect(try desk.attempts() == 0)
    }

    @Test("a sign-in and a sign-out are logged by the user, with the address and kind, never the token")
    func signInIsLogged() throws {
        let desk = try Desk()
        defer { desk.close() }
        let signedIn = try desk.signIn("wang", "wang's long password", kind: .bearer)
        try desk.service.signOut(token: signedIn.token)
        let lines = try desk.activity()
        #expect(lines.map(\.action) == ["user.sign_in", "user.sign_out"])
        #expect(lines.allSatisfy { $0.actor == "user:wang" && $0.subject == "user wang" })
        #expect(lines[0].detail == #"{"kind":"bearer","address":"192.0.2.1","with":"login"}"#)
        #expect(lines[1].detail == #"{"kind":"bearer"}"#)
    }

    @Test("the throttle's rule: free under the threshold, then a minute doubling to at most an hour")
    func throttleRule() {
        let rule = SignInThrottle.standard
        let latest = SignInTests.start
        #expect(rule.nextAttempt(failures: 4, threshold: 5, latest: latest) == nil)
        #expect(rule.nextAttempt(failures: 5, threshold: 5, latest: nil) == nil)
        let waits = (5...13).map { rule.nextAttempt(failures: $0, threshold: 5, latest: latest)!.timeIntervalSince(latest) }
        #expect(waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600])
        #expect(rule.nextAttempt(failures: 1_000_000, threshold: 5, latest: latest)!.timeIntervalSince(latest) == 3600)
    }
}
