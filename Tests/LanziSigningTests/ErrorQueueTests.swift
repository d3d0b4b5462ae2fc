import CLibCrypto
import Testing
@testable import LanziSigning

/// OpenSSL's error queue is cleared before each call whose errors are drained, so that a stale
/// error, left by an earlier call on the same thread, is never reported as this one's.
@Suite("OpenSSL's error queue")
struct ErrorQueueTests {
    /// Leaves an error on this thread's queue the way careless code would: a call that fails
    /// and whose error nobody drains. Returns OpenSSL's text for it.
    private func leaveStaleError() throws -> String {
        #expect(EVP_PKEY_CTX_new_from_name(nil, "NO-SUCH-ALGORITHM", nil) == nil)
        let code = ERR_peek_last_error()
        try #require(code != 0, "the failing call left nothing on the queue")
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    @Test func aFailingCallReportsOnlyItsOwnError() throws {
        let stale = try leaveStaleError()
        #expect(stale.contains("NO-SUCH-ALGORITHM") || stale.contains("unsupported"))
        #expect {
            try SigningKey(pem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
        } throws: { error in
            guard let error = error as? CryptoError else { return false }
            return !error.detail.isEmpty && !error.detail.contains(stale) && !error.detail.contains("NO-SUCH-ALGORITHM")
        }
        #expect(ERR_peek_error() == 0, "the failure's own errors were drained")
    }

    @Test func theSameFailureWithoutAStaleErrorHasTheSameDetail() throws {
        let garbage = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"
        var clean: CryptoError?
        do { _ = try VerifyingKey(pem: garbage) } catch { clean = error }
        _ = try leaveStaleError()
        var afterStale: CryptoError?
        do { _ = try VerifyingKey(pem: garbage) } catch { afterStale = error }
        let first = try #require(clean)
        #expect(afterStale == first)
    }

    /// A call that succeeds after a stale error is a success, and leaves the queue empty.
    @Test func aSucceedingCallAfterAStaleErrorSucceeds() throws {
        let key = try SigningKey()
        let message = Array("receipt".utf8)
        _ = try leaveStaleError()
        let signature = try key.signature(for: message)
        #expect(ERR_peek_error() == 0)
        _ = try leaveStaleError()
        #expect(try key.verifyingKey.isValidSignature(signature, for: message))
        _ = try leaveStaleError()
        #expect(try !key.verifyingKey.isValidSignature(signature, for: message + [0]))
        _ = try leaveStaleError()
        #expect(try SigningKey(pem: try key.pkcs8PEM()).verifyingKey.keyID == key.verifyingKey.keyID)
        _ = try leaveStaleError()
        #expect(Digest.hex(try Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ERR_peek_error() == 0)
    }

    /// A refused signature is an answer, not an error: OpenSSL's reason for it does not stay
    /// on the queue to be blamed on the next call.
    @Test func aRefusedSignatureLeavesNothingBehind() throws {
        let key = try SigningKey(generating: .sm2)
        #expect(try !key.verifyingKey.isValidSignature([0x30, 0x01, 0xFF], for: [1, 2, 3]))
        #expect(ERR_peek_error() == 0)
    }
}
