extension Catalogue {
    /// The HTTP API's refusals of a request's form (Sources/LanziAPI) and `lanzi serve`.
    static let api: [String: String] = [
        "is given more than once": "给出了不止一次",
        "must be bearer or cookie": "必须是 bearer 或 cookie",
        "is not a field of this request": "不是此请求的字段",
        "is not a query parameter of this address": "不是此地址的查询参数",
        "must be a list of whole numbers": "必须是整数列表",
        "must be a whole number from {} to {}": "必须是 {1} 到 {2} 之间的整数",
        "the body is not JSON: {}": "请求正文不是 JSON：{1}",
        "the body is not a JSON object": "请求正文不是 JSON 对象",
        "the query is not valid percent-encoded UTF-8": "查询参数不是有效的百分号编码 UTF-8",
        "sign in first: send Authorization: Bearer TOKEN, with a token from POST /api/v1/sessions":
            "请先登录：发送 Authorization: Bearer TOKEN，令牌由 POST /api/v1/sessions 取得",
        "the body must be JSON, sent as Content-Type: application/json": "请求正文必须是 JSON，并以 Content-Type: application/json 发送",
        "there is nothing at this address": "此地址下没有内容",
        "this address does not take that method": "此地址不接受该请求方法",
        "is required: a key of the client's own, the same on every retry of this request": "为必填项：由客户端自定的键，重试同一请求时必须相同",
        "must be one of none, per_m2, fixed, got \"{}\"": "须为 none（无）、per_m2（按面积）、fixed（固定）之一，收到的是“{1}”",
        "must be 0 or left out when management_fee_kind is none": "management_fee_kind 为 none 时须为 0 或不填",
        "only a merchant has records of its own here; staff use /api/v1/merchants/{id}": "只有商户在此有自己的记录；工作人员请用 /api/v1/merchants/{id}",
        "the API's description (schema/openapi.json) is not installed with this server": "本服务器未安装接口说明（schema/openapi.json）",
        "cannot listen on {}:{}: {}": "无法在 {1}:{2} 上监听：{3}",
        "must be a port number from 0 to 65535": "必须是 0 到 65535 之间的端口号",
        "serve the market over HTTP in the foreground until Ctrl-C or SIGTERM (requests in flight finish first)":
            "在前台通过 HTTP 提供市场服务，直到按 Ctrl-C 或收到 SIGTERM（正在处理的请求先完成）",
        "serving {} at http://{}:{}/ — Ctrl-C stops": "正在 http://{2}:{3}/ 提供{1}的服务 — 按 Ctrl-C 停止",
        "stopped": "已停止",
        "the address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)": "监听的地址（默认 127.0.0.1；0.0.0.0 表示所有网卡）",
        "the port (default 8080; 0 for any free one)": "端口（默认 8080；0 表示任一空闲端口）",
    ]
}
