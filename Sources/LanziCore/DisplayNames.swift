// The names a person reads for the domain's coded values. JSON and the database keep the
// raw values (`cold_room`, `partly_paid`), which are stable and English; a person reads
// these instead, in English the raw value itself so that the English text reads as it
// always has, in Chinese the office's word.

extension UnitKind {
    /// The kind as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .shop: Phrase("shop")
        case .stall: Phrase("stall")
        case .coldRoom: Phrase("cold_room")
        }
    }
}

extension UnitStatus {
    /// The status as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .available: Phrase("available")
        case .leased: Phrase("leased")
        case .outOfService: Phrase("out_of_service")
        }
    }
}

extension PaymentMethod {
    /// The method as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .cash: Phrase("cash")
        case .wechat: Phrase("wechat")
        case .alipay: Phrase("alipay")
        case .bank: Phrase("bank")
        }
    }
}

extension BillingCycle {
    /// The cycle as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .monthly: Phrase("monthly")
        case .quarterly: Phrase("quarterly")
        case .yearly: Phrase("yearly")
        }
    }
}

extension BillKind {
    /// The kind as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .regular: Phrase("regular")
        case .deposit: Phrase("deposit")
        case .lateFee: Phrase("late_fee")
        case .usage: Phrase("usage")
        case .adjustment: Phrase("adjustment")
        }
    }
}

extension BillStatus {
    /// The status as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .open: Phrase("open")
        case .partlyPaid: Phrase("partly_paid")
        case .paid: Phrase("paid")
        case .void: Phrase("void")
        }
    }
}

extension BillLineKind {
    /// The kind of line as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .rent: Phrase("rent")
        case .managementFee: Phrase("management_fee")
        case .coldStoreUsage: Phrase("cold_store_usage")
        case .lateFee: Phrase("late_fee")
        case .deposit: Phrase("deposit")
        case .adjustment: Phrase("adjustment")
        }
    }
}

extension ReceiptRecordKind {
    /// The kind of record as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .receipt: Phrase("receipt")
        case .void: Phrase("void")
        case .invoiceNote: Phrase("invoice_note")
        }
    }
}

extension ExpenseCategory {
    /// The category as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .cleaning: Phrase("cleaning")
        case .refuse: Phrase("refuse transport")
        case .greening: Phrase("greening")
        case .orderManagement: Phrase("market-order management")
        case .utilities: Phrase("utilities")
        case .repairs: Phrase("repairs")
        case .wages: Phrase("wages")
        case .other: Phrase("other expense")
        }
    }
}

extension OtherIncomeCategory {
    /// The category as a person reads it.
    package var phrase: Phrase {
        switch self {
        case .landContracting: Phrase("land contracting")
        case .subsidy: Phrase("subsidy")
        case .investment: Phrase("investment income")
        case .other: Phrase("other income")
        }
    }
}
