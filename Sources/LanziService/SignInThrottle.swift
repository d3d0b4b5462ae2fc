import Foundation

/// How failed sign-ins slow down further attempts, per login and per client address.
///
/// The first few failures cost nothing; after that each further attempt waits: a minute after
/// the threshold is reached, then twice as long after every further failure, up to an hour.
/// Failures older than a day count for nothing, and a success clears its login's (not its
/// address's: one address may try many logins). A refused attempt is answered from a read,
/// before any password is hashed or anything written, so that hammering the sign-in costs
/// the server neither a key derivation nor a row. A day of guessing gives one login about
/// thirty tries, and one address a few more than its own threshold.
package struct SignInThrottle: Sendable {
    /// Failures of one login allowed before it waits. A person mistypes a few times.
    package var failuresPerLogin = 5
    /// Failures from one address allowed before it waits: more, since a market's office signs
    /// in its staff and merchants through one address.
    package var failuresPerAddress = 20
    package var firstDelay: TimeInterval = 60
    package var longestDelay: TimeInterval = 3600
    /// How long a failure counts.
    package var window: TimeInterval = 86_400

    package static let standard = SignInThrottle()

    /// When the next attempt may be made after `failures` failures, the latest at `latest`:
    /// nil while `failures` is under `threshold`.
    package func nextAttempt(failures: Int, threshold: Int, latest: Date?) -> Date? {
        guard failures >= threshold, let latest else { return nil }
        let doublings = min(failures - threshold, 30)
        return latest.addingTimeInterval(min(firstDelay * Double(1 << doublings), longestDelay))
    }
}
