extension Catalogue {
    /// TODO
    static let party: [String: String] = [:]
}
