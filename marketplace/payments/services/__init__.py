"""The payments' writes: charging and refunding orders, the ledger, payout runs."""
