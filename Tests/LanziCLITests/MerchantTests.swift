import Foundation
import Testing

@Suite("merchant add / list / show")
struct MerchantTests {
    @Test("merchant add prints what it added; its --json masks the ID number like every other output")
    func add() throws {
        let sandbox = try Sandbox()
        try sandbox.initMarket()
        let text = try sandbox.must("merchant", "add", "--name", " 李春华 ", "--phone", "13800000000", "--id-number", "532504198203170021")
        #expect(text.stdout == "added merchant 1 李春华\n", "\(text)")
        #expect(!text.stdout.contains("532504198203170021"))

        let json = try sandbox.object("merchant", "add", "--name", "王永富", "--phone", "+86 150-6969-7585", "--id-number", "92532504MAPBG6W28R")
        #expect(json.int("id") == 2)
        #expect(json.string("name") == "王永富")
        #expect(json.string("phone") == "+86 150-6969-7585")
        // README: ID numbers are shown masked unless --reveal-id is given (and merchant add takes no --reveal-id).
        #expect(json.string("id_number") == "9253**********W28R", "\(json)")

        let none = try sandbox.object("merchant", "add", "--name", "赵六", "--phone", "1234567")
        #expect(none.int("id") == 3)
        #expect(none.isNull("id_number"))
        #expect(try sandbox.activityCount() == 4)
    }

    @Test("merchant list masks ID numbers unless --reveal-id")
    func list() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("merchant", "add", "--name", "小号", "--phone", "13900000000", "--id-number", "ab12345c")   // 8: all starred
        try sandbox.must("merchant", "add", "--name", "九位", "--phone", "13900000001", "--id-number", "ABCDE1234")   // 9: one starred

        let masked = try sandbox.array("merchant", "list")
        #expect(masked.compactMap { $0.int("id") } == [1, 2, 3, 4])
        #expect(masked.map { $0.string("name") ?? "" } == ["李春华", "王永富", "小号", "九位"])
        #expect(masked[0].string("id_number") == "5325**********0021")
        #expect(masked[0].string("phone") == "13800000000")
        #expect(masked[1].isNull("id_number"))
        #expect(masked[2].string("id_number") == "********")
        #expect(masked[3].string("id_number") == "ABCD*1234")

        let revealed = try sandbox.array("merchant", "list", "--reveal-id")
        #expect(revealed[0].string("id_number") == "532504198203170021")
        #expect(revealed[2].string("id_number") == "AB12345C", "ID numbers are kept in capitals")
        #expect(revealed[3].string("id_number") == "ABCDE1234")

        let text = try sandbox.must("merchant", "list")
        #expect(text.stdout.contains("5325**********0021"), "\(text)")
        #expect(!text.stdout.contains("532504198203170021"), "\(text)")
        #expect(text.stdout.hasSuffix("4 merchant(s)\n"), "\(text)")
        let row = text.stdout.split(separator: "\n").first { $0.contains("李春华") }.map { $0.split(separator: " ").map(String.init) }
        #expect(row == ["1", "李春华", "13800000000", "5325**********0021"], "\(text)")
        let full = try sandbox.must("merchant", "list", "--reveal-id")
        #expect(full.stdout.contains("532504198203170021"), "\(full)")

        let empty = try Sandbox()
        try empty.initMarket()
        #expect(try empty.must("merchant", "list").stdout == "no merchants\n")
        #expect(try empty.array("merchant", "list").isEmpty)
    }

    @Test("merchant show gives the merchant and its leases")
    func show() throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "S-001", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "500")
        try sandbox.must("lease", "create", "--merchant", "2", "--units", "S-002", "--start", "2026-01-01", "--end", "2026-12-31", "--rent", "600")
        try sandbox.must("lease", "create", "--merchant", "1", "--units", "T-001", "--start", "2026-02-01", "--end", "2026-05-31", "--rent", "120")

        let merchant = try sandbox.object("merchant", "show", "1")
        #expect(merchant.int("id") == 1)
        #expect(merchant.string("name") == "李春华")
        #expect(merchant.string("id_number") == "5325**********0021")
        let leases = try #require(merchant.objects("leases"))
        #expect(leases.compactMap { $0.int("id") } == [1, 3])
        #expect(leases.compactMap { $0.int("rent_fen") } == [50000, 12000])
        #expect(leases.allSatisfy { $0["schedule"] == nil }, "no schedule in a merchant's list of leases")

        #expect(try sandbox.object("merchant", "show", "1", "--reveal-id").string("id_number") == "532504198203170021")
        #expect(try sandbox.object("merchant", "show", "2").objects("leases")?.compactMap { $0.int("id") } == [2])

        let text = try sandbox.must("merchant", "show", "1")
        #expect(text.stdout.contains("merchant 1: 李春华"), "\(text)")
        #expect(text.stdout.contains("phone:      13800000000"), "\(text)")
        #expect(text.stdout.contains("ID number:  5325**********0021"), "\(text)")
        #expect(text.stdout.contains("2 lease(s)"), "\(text)")
        let noID = try sandbox.must("merchant", "show", "2")
        #expect(noID.stdout.contains("ID number:  —"), "\(noID)")
    }

    @Test("merchant add refusals name the option and change nothing", arguments: [
        (["--name", "", "--phone", "13800000000"], "--name"),
        (["--name", "   ", "--phone", "13800000000"], "--name"),
        (["--name", String(repeating: "名", count: 41), "--phone", "13800000000"], "--name"),
        (["--name", "张\u{7}三", "--phone", "13800000000"], "--name"),
        (["--name", "张三", "--phone", "12"], "--phone"),
        (["--name", "张三", "--phone", "138-0000-abcd"], "--phone"),
        (["--name", "张三", "--phone", "1234567890123456"], "--phone"),
        (["--name", "张三", "--phone", "138+00000000"], "--phone"),
        (["--name", "张三", "--phone", "13800000000", "--id-number", "ab-c12345"], "--id-number"),
        (["--name", "张三", "--phone", "13800000000", "--id-number", "12345"], "--id-number"),
        (["--name", "张三", "--phone", "13800000000", "--id-number", "123456789012345678901"], "--id-number"),
        (["--name", "张三", "--phone", "13800000000", "--id-number", "532504198203170021"], "--id-number"),   // already registered
        (["--name", "张三", "--phone", "13800000000", "--id-number", "92532504mapbg6w28j"], "--id-number"),   // merchant 3's, in lower case
    ])
    func addRefusals(options: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        try sandbox.must("merchant", "add", "--name", "王二", "--phone", "13800000009", "--id-number", "92532504MAPBG6W28R")
        sandbox.expectRefusal(["merchant", "add"] + options, naming: "\(field):")
    }

    @Test("merchant show and lease list refuse an unknown or malformed id", arguments: [
        (["merchant", "show", "99"], "no merchant 99"),
        (["merchant", "show", "0"], "ID"),
        (["merchant", "show", "abc"], "ID"),
        (["merchant", "show", "-1"], "ID"),
        (["merchant", "show", "1.0"], "ID"),
        (["lease", "list", "--merchant", "99"], "--merchant"),
        (["lease", "list", "--merchant", "x"], "--merchant"),
    ])
    func unknownMerchant(arguments: [String], field: String) throws {
        let sandbox = try Sandbox()
        try sandbox.makeMarket()
        sandbox.expectRefusal(arguments, naming: field)
    }
}
