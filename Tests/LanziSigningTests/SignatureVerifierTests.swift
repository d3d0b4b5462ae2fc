import Testing
@testable import LanziSigning

/// A verifier reused for many messages gives the same answer as a fresh check each time,
/// also after a refused signature, for both algorithms.
struct SignatureVerifierTests {
    @Test(arguments: SignatureAlgorithm.allCases)
    func reusedVerifierAgreesWithFreshChecks(algorithm: SignatureAlgorithm) throws {
        let key = try SigningKey(generating: algorithm)
        let other = try SigningKey(generating: algorithm)
        let verifier = SignatureVerifier(key.verifyingKey)
        var answers: [Bool] = []
        for index in 0..<60 {
            let message = Array("receipt \(index) ".utf8) + Array(repeating: UInt8(index), count: index * 13)
            var signature = try (index % 3 == 1 ? other : key).signature(for: message)
            if index % 5 == 2 { signature[signature.count / 2] ^= 0x01 }   // a damaged signature
            if index % 7 == 3 { signature = [] }
            let fresh = try key.verifyingKey.isValidSignature(signature, for: message)
            #expect(try verifier.isValid(signature, for: message) == fresh, "message \(index)")
            answers.append(fresh)
        }
        // Both answers occur, so the agreement above is not all of one kind.
        #expect(answers.contains(true) && answers.contains(false))
    }
}
