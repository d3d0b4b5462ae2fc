import Foundation
import Testing
import LanziTestSupport

/// `lanzi income --sheet`: the 财务公开榜 of the demo market's 2025, read as the HTML it is.
/// (tools/check-sheet prints it with a real browser; tools/test runs that too.)
@Suite("disclosure sheet")
struct SheetCommandTests {
    @Test("the sheet has the board's lines, an inline SVG of twelve months, fetches nothing, and holds no merchant's name, phone or ID number")
    func sheet() throws {
        let sandbox = try Sandbox()
        try sandbox.must("seed", Lanzi.demoSeed)
        let written = try sandbox.must("income", "--year", "2025", "--sheet", sandbox.path("board.html")).stdout
        #expect(written.contains("wrote the disclosure sheet (财务公开榜) to \(sandbox.path("board.html"))"))
        let html = try String(contentsOfFile: sandbox.path("board.html"), encoding: .utf8)
        for line in ["布王戈村小组财务公开榜", "公开期间：2025年", "公开日期：", "本期", "本年累计", "收益总额", "165,191.89", "期初余额", "期末余额",
                     "村务监督委员会审核意见", "受理电话", "@page { size: A4"] {
            #expect(html.contains(line), "the sheet lacks \(line)")
        }
        #expect(html.components(separatedBy: "月</text>").count - 1 == 12, "one label per month in the chart")
        #expect(html.contains("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\""))
        for external in ["<script", "src=", "href=", "url(", "<link"] { #expect(!html.contains(external), "\(external)") }
        // Every merchant of the seed, read from the file itself: none by name, phone or ID number.
        let seed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Lanzi.demoSeed))) as? [String: Any])
        let merchants = try #require(seed["merchants"] as? [[String: Any]])
        for merchant in merchants {
            for key in ["name", "phone", "id_number"] {
                guard let value = merchant[key] as? String, !value.isEmpty else { continue }
                #expect(!html.contains(value), "the sheet shows a merchant's \(key)")
            }
        }
        // The arrears are shown masked, family name and two stars.
        let masked = try #require(html.range(of: "<th>欠费商户</th>"))
        #expect(html[masked.upperBound...].contains("**</td>"))
        sandbox.expectRefusal(["income", "--year", "2025", "--sheet", sandbox.path("no/such/folder/board.html")], naming: "--sheet", ["cannot write"])
    }
}
