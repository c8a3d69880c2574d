/** The cookie that remembers which store this device redeems at (checked against the actor's stores on every read). */
export const REDEEM_STORE_COOKIE = "coupon_redeem_store";
