/** The two kinds of statement line. */
export const ENTRY_KINDS_LIST = ["redemption", "reversal"] as const;
