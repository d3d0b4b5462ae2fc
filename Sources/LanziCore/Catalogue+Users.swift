extension Catalogue {
    /// Users, passwords, sessions and sign-in: the service's refusals and the `user` commands' words.
    static let users: [String: String] = [
        // roles
        "admin": "管理员",
        "operator": "操作员",
        "auditor": "审计员",
        "must be one of admin (管理员), operator (操作员), auditor (审计员), merchant (商户), got \"{}\"":
            "须为 admin（管理员）、operator（操作员）、auditor（审计员）、merchant（商户）之一，收到的是“{1}”",
        // the rules of a user
        "must be 2 to 32 characters: a lower-case letter first, then lower-case letters, digits, '.', '_' or '-', got \"{}\"":
            "须为 2 至 32 个字符：以小写字母开头，其后为小写字母、数字、“.”、“_”或“-”，收到的是“{1}”",
        "is required for a merchant user: the merchant whose records it reaches": "商户用户必须填写：它能查看的那个商户",
        "is given only for a merchant user; staff reach every merchant": "只有商户用户才填写；工作人员可查看所有商户",
        "must be 10 to 128 characters, got {}": "须为 10 至 128 个字符，收到 {1} 个",
        "must not contain control characters (a tab, a line break)": "不得含控制字符（制表符、换行）",
        "must not be the login": "不得与登录名相同",
        "must be the client's network address, 1 to 100 characters without spaces": "须为客户端的网络地址，1 至 100 个字符，不含空格",
        // the service's refusals
        "no user {}": "没有用户 {1}",
        "the login {} is taken (added {}); choose another": "登录名 {1} 已被占用（{2} 添加）；请另选一个",
        "the phone {} of merchant {} already signs in user {}; one phone signs in one user":
            "商户 {2} 的手机号 {1} 已用于用户 {3} 登录；一个手机号只能登录一个用户",
        "user {} was already disabled at {}": "用户 {1} 已于 {2} 停用",
        "user {} was disabled at {} and keeps no password; add a new user instead": "用户 {1} 已于 {2} 停用，不再设密码；请另加新用户",
        "user {} was disabled at {}": "用户 {1} 已于 {2} 停用",
        "the login or the password is wrong": "登录名或密码错误",
        "not signed in: the session is unknown, has ended or has expired; sign in again": "未登录：会话不存在、已结束或已过期；请重新登录",
        "too many failed sign-ins; try again in {} s, after {} China Standard Time": "登录失败次数过多；请 {1} 秒后（北京时间 {2} 之后）再试",
        "user {} has been disabled; ask an administrator": "用户 {1} 已停用；请联系管理员",
        "the user has been disabled": "该用户已停用",
        "this login is taken": "这个登录名已被占用",
        "the session token is taken; try again": "会话令牌已被占用；请重试",
        // the command line
        "--as is given twice": "--as 给了两次",
        "--as needs a user's login": "--as 需要一个用户的登录名",
        "Acting: --as USER runs the command as that Lanzi user, with its role; else as the local administrator.":
            "身份：--as USER 以该篮子用户的身份、按其角色执行命令；否则以本机管理员身份执行。",
        "act as this Lanzi user, with its role (default: the local administrator)": "以这个篮子用户的身份（按其角色）执行（默认：本机管理员）",
        "add a user who signs in: staff with a role, or a merchant's own user (it may sign in with the merchant's phone)":
            "添加登录用户：带角色的工作人员，或商户自己的用户（可用商户的手机号登录）",
        "admin, operator, auditor or merchant (管理员, 操作员, 审计员, 商户)": "admin、operator、auditor 或 merchant（管理员、操作员、审计员、商户）",
        "a merchant user's merchant (required for merchant, refused for staff)": "商户用户所属的商户（商户用户必填，工作人员不可填）",
        "read the password from standard input (one line) instead of generating one": "从标准输入读取密码（一行），不自动生成",
        "must be UTF-8 text": "须为 UTF-8 文本",
        "list the users, their roles and whether they are disabled (never a password)": "列出用户、角色及是否停用（从不显示密码）",
        "disable a user for good: it signs in no more and its sessions end now": "永久停用用户：不能再登录，其会话立即结束",
        "give a user a new password (generated unless --password-stdin) and end its sessions": "为用户设置新密码（除非给出 --password-stdin，否则自动生成）并结束其会话",
        "added {}": "已添加{1}",
        "disabled {}; {} session(s) ended": "已停用{1}；结束了 {2} 个会话",
        "changed the password of {}; {} session(s) ended": "已更改{1}的密码；结束了 {2} 个会话",
        "user {} ({})": "用户 {1}（{2}）",
        "user {} (merchant {} {})": "用户 {1}（商户 {2} {3}）",
        "password: {}   (shown this once and kept nowhere: hand it to the user now)": "密码：{1}   （只显示这一次，任何地方都不保存：请现在交给该用户）",
        "no users": "没有用户",
        "login": "登录名",
        "role": "角色",
        "added": "添加时间",
        "password set": "密码设置时间",
        "disabled": "停用时间",
        "{} user(s)": "共 {1} 个用户",
    ]
}
