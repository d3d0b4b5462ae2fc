extension Catalogue {
    /// TODO
    static let core: [String: String] = [:]
}
