import LanziCore

/// Every operation the service offers, each named once. `audience` is the access table:
/// the one place that says who may run what. A service method authorizes its operation
/// before any validation or lookup, so that a caller without the right learns nothing
/// about the rules or the records from the refusal.
package enum ServiceOperation: String, CaseIterable, Sendable {
    case initializeMarket, seed, showMarket, updateMarket, showSummary
    case listUnits, showUnit, addUnit, setUnitStatus
    case listMerchants, showMerchant, addMerchant, revealIDNumbers
    case createLease, listLeases, showLease, renewLease, terminateLease, cancelLease
    case runBilling, previewBilling, listBills, listArrears, showBill, voidBill, adjustBill, assessLateFees
    case recordUsageIn, recordUsageOut, listUsage
    case pay, reversePayment, refund, listRefunds, listPayments, showPayment, showStatement
    case showTrialBalance, showJournal, exportBooks
    case addPartyMember, importPartyMembers, listPartyMembers, showPartyMember, deactivatePartyMember
    case addHousehold, importHouseholds, listHouseholds, showHousehold
    case assignHousehold, endAssignment, planAssignments, autoAssign, listAssignments, showCoverage
    case logVisit, listVisits, closeVisit
    case initializeKey, rotateKey, useKeyFile, showKeys, noteInvoice, listReceipts, showReceipt, exportReceipts, verifyReceiptChain
    case addExpense, listExpenses, showExpense, reverseExpense, importExpenses
    case addOtherIncome, listOtherIncome, showOtherIncome, reverseOtherIncome, importOtherIncome
    case showIncomeReport, auditVerify, auditCheckpoint, publishIncome
    case addUser, listUsers, disableUser, resetPassword, actAsUser, signIn, authenticate, signOut, changeOwnPassword, checkReceipt
    case backup, restore

    /// Who may run an operation.
    package enum Audience: Sendable {
        /// Administrators only: setting the market up and its settings.
        case administrators
        /// Administrators and operators: running the market.
        case operators
        /// All staff, auditors included: reading.
        case staff
        /// All staff, and a merchant for its own records only.
        case staffAndOwner
        /// Whoever asks, signed in or not: signing in, and what a session token proves by itself.
        case everyone
    }

    /// The access table. Admin does everything; an operator runs the market but not its
    /// set-up; an auditor reads everything and changes nothing; a merchant reads only its
    /// own merchant record, leases, bills, payments and statement. Only administrators manage
    /// users (and act as one from the command line); staff may see who the users are.
    package var audience: Audience {
        switch self {
        case .initializeMarket, .seed, .updateMarket, .initializeKey, .rotateKey, .useKeyFile,
             .addUser, .disableUser, .resetPassword, .actAsUser, .backup, .restore:
            .administrators
        case .addUnit, .setUnitStatus, .addMerchant, .revealIDNumbers, .createLease, .renewLease, .terminateLease, .cancelLease,
             .runBilling, .previewBilling, .voidBill, .adjustBill, .assessLateFees, .recordUsageIn, .recordUsageOut, .pay, .reversePayment, .refund,
             .addPartyMember, .importPartyMembers, .deactivatePartyMember, .addHousehold, .importHouseholds,
             .assignHousehold, .endAssignment, .autoAssign, .logVisit, .closeVisit, .noteInvoice,
             .addExpense, .reverseExpense, .importExpenses, .addOtherIncome, .reverseOtherIncome, .importOtherIncome, .publishIncome:
            .operators
        case .showMarket, .showSummary, .listUnits, .showUnit, .listMerchants, .listUsage, .showTrialBalance, .showJournal,
             .exportBooks, .listPartyMembers, .showPartyMember, .listHouseholds, .showHousehold, .planAssignments,
             .listAssignments, .showCoverage, .listVisits, .showKeys, .exportReceipts, .verifyReceiptChain, .listUsers,
             .listExpenses, .showExpense, .listOtherIncome, .showOtherIncome, .showIncomeReport, .auditVerify, .auditCheckpoint:
            .staff
        case .showMerchant, .listLeases, .showLease, .listBills, .listArrears, .showBill, .listPayments, .listRefunds, .showPayment, .showStatement,
             .listReceipts, .showReceipt:
            .staffAndOwner
        case .signIn, .authenticate, .signOut, .changeOwnPassword, .checkReceipt:
            .everyone
        }
    }

    /// Whether `caller` may run this operation at all (a merchant then only on its own records).
    package func admits(_ caller: Caller) -> Bool {
        switch (audience, caller.kind) {
        case (.everyone, _), (_, .staff(.admin)): true
        case (.operators, .staff(.operator)), (.staff, .staff(.operator)), (.staffAndOwner, .staff(.operator)): true
        case (.staff, .staff(.auditor)), (.staffAndOwner, .staff(.auditor)): true
        case (.staffAndOwner, .merchant): true
        default: false
        }
    }

    /// The refusal's wording: "a merchant may not …".
    var phrase: Phrase {
        if self == .revealIDNumbers { return Phrase("see full ID numbers") }
        if self == .addUser || self == .disableUser || self == .resetPassword || self == .actAsUser { return Phrase("manage users (administrators only)") }
        if self == .backup || self == .restore { return Phrase("back up or restore the database (administrators only)") }
        return switch audience {
        case .administrators: Phrase("set up the market (administrators only)")
        case .operators: Phrase("change the market's records")
        case .staff, .staffAndOwner: Phrase("read the market's records")
        // Admits every caller, so never said.
        case .everyone: Phrase("sign in")
        }
    }
}
