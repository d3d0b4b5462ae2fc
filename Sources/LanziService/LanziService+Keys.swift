import Foundation
import LanziCore
import LanziSigning
import LanziStore

/// The algorithms a market's key may use, as front ends name them (`ed25519`, `sm2`).
package typealias KeyAlgorithm = SignatureAlgorithm

/// A key the market signs or signed with, as `lanzi key show` shows it.
package struct SigningKeyInfo: Hashable, Sendable {
    package var keyID: String
    package var algorithm: SignatureAlgorithm
    package var publicKeyPEM: String
    package var certificatePEM: String
    package var keyPath: String
    package var createdAt: String
    /// Whether the market signs with it now (the newest key).
    package var isCurrent: Bool

    /// The first 16 hex digits of the key id, as receipts print it.
    package var fingerprint: String { String(keyID.prefix(16)) }
}

extension LanziService {
    /// The setting that says where the private key is read from.
    static let keyPathSetting = "signing_key_path"

    /// Makes the market's signing key: a new key pair whose private half is written as PEM
    /// to `path` (mode 0600, never over an existing file), its public half and a self-signed
    /// certificate naming the market kept in the database, and `path` recorded as the
    /// setting receipts read the key from.
    /// - Throws: `ServiceError.conflict` when the market has a key already (rotate it
    ///   instead) or a file is at `path`; `.notFound` without a market; `.unavailable` when
    ///   the file cannot be written.
    package func initializeKey(algorithm: SignatureAlgorithm, path: String) throws -> SigningKeyInfo {
        try authorize(.initializeKey)
        let written = KeyFileWriter(path: path)
        do {
            return try change(.initializeKey) { database in
                guard try database.signingKeys().isEmpty else {
                    throw ServiceError.conflict("the market has a signing key already; `lanzi key rotate` starts a new one without breaking the chain")
                }
                return try addKey(algorithm: algorithm, writer: written, database)
            }
        } catch {
            written.removeIfWritten()
            throw error
        }
    }

    /// Starts a new key: later records are signed by it and name it, earlier ones keep naming
    /// the key that signed them, whose public half stays in the database and in every export.
    /// The new private key replaces the old one's file once the database holds the new key.
    /// - Throws: `ServiceError.conflict` when the market has no key yet (`lanzi key init`).
    package func rotateKey(algorithm: SignatureAlgorithm) throws -> SigningKeyInfo {
        try authorize(.rotateKey)
        return try translatingFailures {
            let path = try look(.rotateKey) { database in
                guard try !database.signingKeys().isEmpty else {
                    throw ServiceError.conflict("the market has no signing key to rotate; make one with `lanzi key init`")
                }
                return try Self.keyPath(database)
            }
            let staging = KeyFileWriter(path: path + ".new")
            do {
                let info = try change(.rotateKey) { database in try addKey(algorithm: algorithm, writer: staging, database, recordedPath: path) }
                try staging.move(to: path)
                return info
            } catch {
                staging.removeIfWritten()
                throw error
            }
        }
    }

    /// Reads the private key from `path` from now on (the file was moved, or restored to
    /// another place), once it is known to hold the market's current key.
    /// - Throws: `ServiceError.unavailable` for a file that cannot be read or is not a key;
    ///   `.conflict` for another key, or a market without one.
    package func useKeyFile(path: String) throws -> SigningKeyInfo {
        try change(.useKeyFile) { database in
            guard let current = try database.currentSigningKeyID() else {
                throw ServiceError.conflict("the market has no signing key; make one with `lanzi key init`")
            }
            let key = try SigningKeyCache.shared.key(at: path)
            guard key.verifyingKey.keyID == current else {
                throw ServiceError.conflict("\(path) holds key \(key.verifyingKey.fingerprint), not the market's current key \(String(current.prefix(16)))", field: "FILE")
            }
            try database.setSetting(Self.keyPathSetting, to: path)
            try log(database, "key.use", key.verifyingKey.fingerprint, .object([("path", .string(path))]))
            return try Self.keyInfos(database).last!
        }
    }

    /// The market's keys, the current one last.
    package func signingKeys() throws -> [SigningKeyInfo] {
        try look(.showKeys) { database in try Self.keyInfos(database) }
    }

    /// The keys, the current one last; its path is the setting receipts read it from (which
    /// `key use` may have changed), an earlier one's the path it was written to.
    static func keyInfos(_ database: Database) throws -> [SigningKeyInfo] {
        let stored = try database.signingKeys()
        let currentPath = try database.setting(keyPathSetting)
        return stored.enumerated().map { index, key in
            let isCurrent = index == stored.count - 1
            return SigningKeyInfo(keyID: key.keyID, algorithm: SignatureAlgorithm(rawValue: key.algorithm) ?? .ed25519, publicKeyPEM: key.publicKeyPEM,
                                  certificatePEM: key.certificatePEM, keyPath: isCurrent ? currentPath ?? key.keyPath : key.keyPath,
                                  createdAt: key.createdAt, isCurrent: isCurrent)
        }
    }

    /// A new key written by `writer`, its public half and certificate stored, the path set.
    func addKey(algorithm: SignatureAlgorithm, writer: KeyFileWriter, _ database: Database, recordedPath: String? = nil) throws -> SigningKeyInfo {
        let market = try Self.requireMarket(database)
        let key = try Self.crypto { try SigningKey(generating: algorithm) }
        let certificate = try Self.crypto {
            try Certificate.makeSelfSigned(key: key, subject: CertificateSubject(commonName: "\(market.name) (\(market.code)) receipts",
                                                                                organization: market.operatorName),
                                           notBefore: clock.now())
        }
        try writer.write(try Self.crypto { try key.pkcs8PEM() })
        let path = recordedPath ?? writer.path
        let stored = StoredSigningKey(keyID: key.verifyingKey.keyID, algorithm: algorithm.rawValue, publicKeyPEM: key.verifyingKey.pem,
                                      certificatePEM: certificate.pem, keyPath: path, createdAt: clock.timestamp())
        try database.insertSigningKey(stored)
        try database.setSetting(Self.keyPathSetting, to: path)
        try log(database, "key.add", key.verifyingKey.fingerprint, .object([("algorithm", .string(algorithm.rawValue)), ("path", .string(path))]))
        return try Self.keyInfos(database).last!
    }

    static func keyPath(_ database: Database) throws -> String {
        if let path = try database.setting(keyPathSetting) { return path }
        throw ServiceError.conflict("the market has no signing key, so no receipt can be made; make one with `lanzi key init`")
    }

    /// The key the market signs with now, read from its file (once per file version) and
    /// checked against the key the database names as current.
    /// - Throws: `ServiceError.conflict` without a key (saying how to make one);
    ///   `.unavailable` for a file that is missing, unreadable, not a key, or another key.
    static func currentSigningKey(_ database: Database) throws -> SigningKey {
        try currentSigningKey(keyID: try database.currentSigningKeyID(), path: try database.setting(keyPathSetting))
    }

    /// The key named `keyID`, read from `path`, as `currentSigningKey(_:)` checks it.
    static func currentSigningKey(keyID: String?, path: String?) throws -> SigningKey {
        guard let current = keyID, let path else {
            throw ServiceError.conflict("the market has no signing key, so no receipt can be made and nothing was recorded; make one with `lanzi key init`")
        }
        let key = try SigningKeyCache.shared.key(at: path)
        guard key.verifyingKey.keyID == current else {
            throw ServiceError.unavailable("the key in \(path) is \(key.verifyingKey.fingerprint), not the market's current key \(String(current.prefix(16))); name the right key file with `lanzi key use FILE`, or start a new key with `lanzi key rotate`; nothing was recorded")
        }
        return key
    }

    /// Runs an OpenSSL step; its failure is a fault of this machine, logged in detail.
    static func crypto<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CryptoError {
            throw ServiceError.unavailable("OpenSSL could not make or use the key: \(error.description)")
        }
    }
}

/// Writes a private key file readable by its owner only, never over an existing file, and
/// removes it again when the transaction that needed it fails.
final class KeyFileWriter: @unchecked Sendable {
    let path: String
    private var written = false

    init(path: String) { self.path = path }

    func write(_ pem: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if errno == EEXIST {
                throw ServiceError.conflict("a file is already at \(path); a key is never written over one — move it away or name another --path")
            }
            throw ServiceError.unavailable("the key file \(path) cannot be written: \(reason)")
        }
        written = true
        defer { close(descriptor) }
        let bytes = Array(pem.utf8)
        let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard count == bytes.count, fsync(descriptor) == 0 else {
            throw ServiceError.unavailable("the key file \(path) cannot be written: \(String(cString: strerror(errno)))")
        }
    }

    func move(to destination: String) throws {
        guard rename(path, destination) == 0 else {
            throw ServiceError.unavailable("the new key is in \(path) but cannot replace \(destination): \(String(cString: strerror(errno))); move it there by hand")
        }
        written = false
    }

    func removeIfWritten() {
        if written { unlink(path) }
        written = false
    }
}

/// The private keys read so far, by path, each kept while its file is unchanged (same inode,
/// size and modification time): a payment reads the key once per file version, not once
/// per receipt.
final class SigningKeyCache: @unchecked Sendable {
    static let shared = SigningKeyCache()
    private let lock = NSLock()
    private var keys: [String: (version: [Int], key: SigningKey)] = [:]

    func key(at path: String) throws -> SigningKey {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw ServiceError.unavailable("the signing key file \(path) cannot be read (\(String(cString: strerror(errno)))), so no receipt can be made and nothing was recorded; put the key file back, name where it is now with `lanzi key use FILE`, or start a new key with `lanzi key rotate`")
        }
        // The change time too: a file made unreadable (chmod) is read again, and refused.
        let version = [Int(status.st_ino), Int(status.st_size), status.st_mtim.tv_sec, status.st_mtim.tv_nsec, status.st_ctim.tv_sec, status.st_ctim.tv_nsec]
        lock.lock()
        if let cached = keys[path], cached.version == version { lock.unlock(); return cached.key }
        lock.unlock()
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServiceError.unavailable("the signing key file \(path) cannot be read, so no receipt can be made and nothing was recorded; check its owner and mode (0600)")
        }
        let key: SigningKey
        do {
            key = try SigningKey(pem: String(decoding: data, as: UTF8.self))
        } catch {
            throw ServiceError.unavailable("the file \(path) is not a signing key that lanzi reads (\(error.description)), so no receipt can be made and nothing was recorded")
        }
        lock.lock()
        keys[path] = (version, key)
        lock.unlock()
        return key
    }
}
