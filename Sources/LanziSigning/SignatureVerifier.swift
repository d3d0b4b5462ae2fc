internal import CLibCrypto

/// Checks many signatures of one key on one thread, setting OpenSSL up once: a verifier of
/// an exported bundle checks a hundred thousand, and setting up a check (fetching the
/// algorithm's implementation from the provider) costs about as much as the check itself.
///
/// An Ed25519 check is one-shot and keeps no state between messages, so one context serves
/// every message, as `openssl speed` uses it. SM2 hashes the signer's identity into each
/// message's digest, so each SM2 check gets a fresh context.
///
/// Not `Sendable`: one verifier belongs to one thread.
package final class SignatureVerifier {
    package let key: VerifyingKey
    private var context: SignatureContext?

    package init(_ key: VerifyingKey) {
        self.key = key
    }

    /// The same answer as `VerifyingKey.isValidSignature`.
    package func isValid(_ signature: [UInt8], for message: [UInt8]) throws(CryptoError) -> Bool {
        guard key.algorithm == .ed25519 else { return try key.isValidSignature(signature, for: message) }
        CryptoError.clearQueue()
        guard !signature.isEmpty else { return false }
        if context == nil { context = try SignatureContext(key: key.handle, algorithm: key.algorithm, purpose: .verify) }
        let result = withBytes(signature) { signature, signatureCount in
            withBytes(message) { message, messageCount in
                EVP_DigestVerify(context!.digestContext, signature, signatureCount, message, messageCount)
            }
        }
        CryptoError.clearQueue()
        return result == 1
    }
}
