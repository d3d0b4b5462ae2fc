extension Catalogue {
    /// The party branch's register: members, households, assignments, visits, and their seed sections.
    static let party: [String: String] = [
        "must name a merchant key of this file": "须为本文件中的商户键",
        "must be a month from {} on, at most 20 years later": "须为 {1} 起、20 年以内的月份",
        "\"{}\" is used by an earlier party member": "“{1}”已被前面的党员使用",
        "the same party member is already listed at {}": "同一党员已在 {1} 列出",
        "\"{}\" is used by an earlier household": "“{1}”已被前面的农户使用",
        "must be a list of strings": "须为字符串列表",
        "the same household is already listed at {}": "同一农户已在 {1} 列出",
        "is given only with member": "只能与 member 一起给出",
        "names no party member key \"{}\" of this file": "本文件中没有党员键“{1}”",
        "is required with member": "给出 member 时必须填写",
        "household {} is already looked after by party member {}": "农户 {1} 已由党员 {2} 联系",
        "party member \"{}\" would look after more than {} households": "党员“{1}”联系的户数会超过 {2} 户",
        "names no household key \"{}\" of this file": "本文件中没有农户键“{1}”",
        "must be 1 to 500 characters": "须为 1 至 500 个字",
        "must be on or after the visit, {}": "不得早于走访日 {1}",
        "party member \"{}\" was not the contact of household \"{}\" on {}": "{3} 时党员“{1}”不是农户“{2}”的联系人",
        "party member {} was deactivated on {}": "党员 {1} 已于 {2} 停用",
        "party member {} already looks after household {}": "党员 {1} 已联系农户 {2}",
        "party member {} ({}) already looks after {} households, the most allowed (household_max {})":
            "党员 {1}（{2}）已联系 {3} 户，达到上限（household_max {4}）",
        "household {} has no contact to end": "农户 {1} 没有可结束的联系",
        "must be on or after {}, when the current assignment began": "不得早于当前联系开始的 {1}",
        "no party member {}": "没有党员 {1}",
        "party member {} was already deactivated on {}": "党员 {1} 已于 {2} 停用",
        "must be on or after {}, when the member took on household {}": "不得早于该党员开始联系农户 {2} 的 {1}",
        "must be a whole number, got \"{}\"": "须为整数，收到的是“{1}”",
        "must be the id of a registered merchant, got \"{}\"": "须为已登记商户的编号，收到的是“{1}”",
        "household {} with the same head, group and address is already registered": "户主、小组和地址相同的农户 {1} 已登记",
        "repeats line {}: the same head, group and address": "与第 {1} 行重复：户主、小组和地址相同",
        "no household {}": "没有农户 {1}",
        "party member {} was not the contact of household {} on {}; a member logs visits only to its own households":
            "{3} 时党员 {1} 不是农户 {2} 的联系人；党员只能记录自己联系户的走访",
        "no visit {}": "没有走访 {1}",
        "visit {} was already resolved on {}": "走访 {1} 已于 {2} 办结",
    ]
}
