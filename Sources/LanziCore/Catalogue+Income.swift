extension Catalogue {
    /// The collective's own records beside the market's: expenses, other income, their commands and output.
    static let income: [String: String] = [
        // Categories and rules (LanziCore).
        "must be one of {}, got \"{}\"": "须为 {1} 之一，收到的是“{2}”",
        "cleaning": "保洁",
        "greening": "绿化",
        "investment income": "投资收益",
        "land contracting": "土地发包",
        "market-order management": "市场秩序管理",
        "other expense": "其他支出",
        "refuse transport": "垃圾清运",
        "repairs": "维修",
        "subsidy": "补助收入",
        "utilities": "水电",
        "wages": "管理人员薪酬",
        // The service's refusals.
        "expense": "支出",
        "income record": "收入记录",
        "must be on or after from, {}": "须不早于起始日期 {1}",
        "must be on or after the record's date, {}": "须不早于该记录的日期 {1}",
        "no {} {}": "没有{1} {2}",
        "repeats a record already made (same date, category, amount and {}) without a voucher to tell them apart":
            "与已有记录重复（日期、类别、金额和{1}相同），又没有凭证号可以区分",
        "repeats line {} (same date, category, amount and {}) without a voucher to tell them apart":
            "与第 {1} 行重复（日期、类别、金额和{2}相同），又没有凭证号可以区分",
        "repeats the voucher of line {}": "与第 {1} 行的凭证号重复",
        "voucher \"{}\" was already recorded for {} {} ({} on {}, {}); a probable double entry — if it is another record on the same voucher, say so (repeated_voucher_ok)":
            "凭证“{1}”已记入{2} {3}（{5}，{4}，{6}），可能是重复录入；如确是同一凭证的另一笔，请注明（repeated_voucher_ok）",
        "was already recorded for {} {}; a probable double entry": "已记入{1} {2}，可能是重复录入",
        "{} {} was already reversed on {} ({})": "{1} {2} 已于 {3} 冲销（{4}）",
        // The command line.
        "a note": "备注",
        "an expense": "一笔支出",
        "expenses": "支出",
        "import {} from CSV (date,category,amount,{},method,voucher,note or their Chinese names); all rows or none":
            "从 CSV 导入{1}（列为 date,category,amount,{2},method,voucher,note 或其中文名）；要么全部导入，要么一行不导",
        "imported {} record(s) from {}, total {}": "已从 {2} 导入 {1} 条记录，合计 {3}",
        "income other than the market's": "市场以外的收入",
        "list {}, oldest first": "列出{1}，按时间先后",
        "one of {} (or its Chinese word)": "{1} 之一（或其中文词）",
        "only this category": "只列此类别",
        "other income": "其他收入",
        "record it although a standing record already has this voucher": "即使已有记录用了这个凭证号，仍然记入",
        "record {}, posted to the books at once": "记录{1}，随即记账",
        "reversed {} by {}": "已冲销 {1}，冲销单号 {2}",
        "show one of {} by its number": "按编号查看{1}中的一笔",
        "the amount, such as 1200.50": "金额，如 1200.50",
        "the day the money moved (default today)": "收付款日期（默认今天）",
        "the voucher's (凭证) number: the invoice or receipt": "凭证号：发票或收据的号码",
        "undo one of {} entered by mistake, by a reversal record": "以冲销记录撤销误录的{1}中的一笔",
        // Rendering.
        ", voucher {}": "，凭证 {1}",
        "category": "类别",
        "voucher": "凭证",
        "no records": "没有记录",
        "note: {}": "备注：{1}",
        "payee": "收款人",
        "payer": "付款人",
        "recorded at {}": "记录于 {1}",
        "reversed by {}": "已由 {1} 冲销",
        "reversed on {} by {}: {}": "{1} 由 {2} 冲销：{3}",
        "{} record(s); {} standing, total {}": "共 {1} 条；有效 {2} 条，合计 {3}",
        "{}: {}, {}, {}, by {} on {}": "{1}：{2}，{3}，{4}，{6} 以{5}",
    ]
}
