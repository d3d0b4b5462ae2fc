// libFuzzer's entry for the HTTP parser, built by tools/fuzz-http with the parser's sources
// (not part of the package). Besides not crashing, the parser must agree with itself: the
// same bytes give the same requests and the same refusal whether they come at once or cut
// in two at any point (the first byte picks the point).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let first = bytes.first else { return 0 }
    var limits = HTTPLimits()
    // Small limits, so that the fuzzer reaches them with short inputs.
    limits.requestLine = 256
    limits.headerBytes = 512
    limits.headerFields = 8
    limits.body = 1_024
    let whole = outcome(bytes, cuts: [], limits: limits)
    let cut = Int(first) % (bytes.count + 1)
    let split = outcome(bytes, cuts: [cut], limits: limits)
    guard whole == split else { fatalError("the parser disagrees with itself when the bytes are cut at \(cut): \(whole) vs \(split)") }
    return 0
}

/// What the parser makes of the bytes: each request's method, target, header count and body
/// size, and the status it refused with, if it did.
private func outcome(_ bytes: [UInt8], cuts: [Int], limits: HTTPLimits) -> [String] {
    var parser = HTTPParser(limits: limits)
    var seen: [String] = []
    var start = 0
    for end in cuts.filter({ $0 > 0 && $0 < bytes.count }) + [bytes.count] {
        parser.append(bytes[start..<end])
        start = end
        do {
            while let event = try parser.next() {
                switch event {
                case .request(let request):
                    precondition(request.body.count <= limits.body)
                    precondition(request.headers.count <= limits.headerFields)
                    seen.append("\(request.method) \(request.target) \(request.headers.count) \(request.body.count) \(request.keepAlive)")
                case .continueExpected:
                    break
                }
            }
        } catch {
            seen.append("refused \(error.status.code)")
            return seen
        }
    }
    return seen
}
