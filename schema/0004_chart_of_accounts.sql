-- The chart of accounts of the rural collective economic organisation accounting system
-- (农村集体经济组织会计制度, 财会〔2023〕14号, in force since 2024-01-01): the first-level
-- accounts Lanzi posts to or that the village accountant keeps beside them, and Lanzi's own
-- numbered sub-accounts. `role` tells the software which account to post each event to; a
-- market on another numbering loads its own rows with the same roles.
INSERT INTO accounts (code, name, type, parent_code, role) VALUES
    ('101', '库存现金', 'asset', NULL, 'cash'),
    ('102', '银行存款', 'asset', NULL, NULL),
    ('10201', '银行存款—微信支付', 'asset', '102', 'bank:wechat'),
    ('10202', '银行存款—支付宝', 'asset', '102', 'bank:alipay'),
    ('10203', '银行存款—银行转账', 'asset', '102', 'bank:bank'),
    ('112', '应收款', 'asset', NULL, NULL),
    ('11201', '应收款—商户租费', 'asset', '112', 'receivable'),
    ('113', '内部往来', 'asset', NULL, NULL),
    ('211', '应付款', 'liability', NULL, NULL),
    ('21101', '应付款—商户押金', 'liability', '211', 'deposits_held'),
    ('21102', '应付款—商户预收款', 'liability', '211', 'merchant_credit'),
    ('214', '应交税费', 'liability', NULL, NULL),
    ('501', '经营收入', 'income', NULL, NULL),
    ('50101', '经营收入—商铺租金', 'income', '501', 'income:rent:shop'),
    ('50102', '经营收入—摊位租金', 'income', '501', 'income:rent:stall'),
    ('50103', '经营收入—冷库租金', 'income', '501', 'income:rent:cold_room'),
    ('50104', '经营收入—物业管理费', 'income', '501', 'income:management_fee'),
    ('50105', '经营收入—冷库仓储费', 'income', '501', 'income:cold_store_usage'),
    ('504', '其他收入', 'income', NULL, NULL),
    ('50401', '其他收入—滞纳金', 'income', '504', 'income:late_fee'),
    ('50402', '其他收入—其他', 'income', '504', 'income:other'),
    ('511', '经营支出', 'expense', NULL, NULL),
    ('51101', '经营支出—保洁', 'expense', '511', 'expense:cleaning'),
    ('51102', '经营支出—垃圾清运', 'expense', '511', 'expense:refuse'),
    ('51103', '经营支出—绿化', 'expense', '511', 'expense:greening'),
    ('51104', '经营支出—市场秩序管理', 'expense', '511', 'expense:order_management'),
    ('513', '管理费用', 'expense', NULL, NULL),
    ('51301', '管理费用—行政管理', 'expense', '513', 'expense:administration'),
    ('514', '公益支出', 'expense', NULL, NULL),
    ('515', '其他支出', 'expense', NULL, NULL);
