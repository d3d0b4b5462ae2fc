import Testing
@testable import LanziCore

/// What a Chinese office types: the Chinese words for kinds and methods, full-width digits,
/// point and minus in amounts, dates, months and areas; and what is still refused.
struct InputTextTests {
    @Test("payment methods by their Chinese words", arguments: [
        ("现金", PaymentMethod.cash), ("微信", .wechat), ("微信支付", .wechat), ("支付宝", .alipay), ("银行转账", .bank), ("银行", .bank),
        ("cash", .cash), ("wechat", .wechat), ("alipay", .alipay), ("bank", .bank),
    ])
    func methods(text: String, method: PaymentMethod) throws {
        #expect(try PaymentMethod.parse(text, field: "--method") == method)
    }

    @Test("unit kinds by their Chinese words", arguments: [
        ("商铺", UnitKind.shop), ("摊位", .stall), ("冷库", .coldRoom), ("shop", .shop), ("stall", .stall), ("cold_room", .coldRoom),
    ])
    func kinds(text: String, kind: UnitKind) throws {
        #expect(try UnitKind.parse(text, field: "--kind") == kind)
    }

    @Test("other words are refused, naming the field and the Chinese words too", arguments: ["微信 ", "现金支付", "Cash", "商铺s", "铺", ""])
    func refusedWords(text: String) {
        let method = #expect(throws: DomainError.self) { try PaymentMethod.parse(text, field: "--method") }
        #expect(method?.field == "--method")
        #expect(method?.rule.english.contains("wechat (微信)") == true)
        let kind = #expect(throws: DomainError.self) { try UnitKind.parse(text, field: "--kind") }
        #expect(kind?.field == "--kind")
        #expect(kind?.rule.english.contains("cold_room (冷库)") == true)
    }

    @Test func fullWidthDatesMonthsAndAreas() throws {
        #expect(try CalendarDate.parse("２０２６－０３－０１", field: "--on") == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(try CalendarDate.parse("2026－03-01", field: "--on") == CalendarDate(year: 2026, month: 3, day: 1))
        #expect(try Period.parse("２０２６－０３", field: "--period") == Period(year: 2026, month: 3))
        #expect(try Area.parse("２４．５０", field: "--area") == Area.parse("24.50", field: "--area"))
    }

    @Test("full-width garbage is still refused, quoting what was typed", arguments: ["２０２６年３月１日", "２０２６－３－１", "２０２６．０３．０１", "２０２６ー０３ー０１"])
    func refusedDates(text: String) {
        let error = #expect(throws: DomainError.self) { try CalendarDate.parse(text, field: "--on") }
        #expect(error?.field == "--on")
        #expect(error?.rule.english == "must be a date written YYYY-MM-DD, got \"\(text)\"")
    }

    @Test func amountsQuoteWhatWasTyped() {
        let error = #expect(throws: DomainError.self) { try Money.parse("１２．３４５", field: "--amount") }
        #expect(error?.field == "--amount")
        #expect(error?.rule.english == "must have at most two decimals, got \"１２．３４５\"")
    }

    @Test func halfWidthLeavesEverythingElse() {
        #expect(InputText.halfWidth("１２３．４５－６") == "123.45-6")
        #expect(InputText.halfWidth("商铺 S-001，。") == "商铺 S-001，。")
    }
}
