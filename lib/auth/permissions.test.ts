import { describe, expect, it } from "vitest";
import { can, homeFor, navFor, PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

// The expected matrix, written out independently of ROLE_PERMISSIONS: O owner, M marketer,
// R reviewer, C clerk, I influencer. Changing who may do what means changing this table too.
const EXPECTED: Record<Permission, string> = {
  "campaign:read": "OMR",
  "campaign:write": "OM",
  "campaign:review": "OR",
  "group:read": "OMR",
  "group:write": "OM",
  "group:freeze": "OM",
  "code:export": "OMR",
  "influencer:read": "OMR",
  "influencer:write": "OM",
  "store:read": "OMRC",
  "store:write": "O",
  "redemption:validate": "OC",
  "redemption:create": "OC",
  "redemption:reverse": "ORC",
  "redemption:reverse_any": "OR",
  "analytics:read": "OM",
  "reconciliation:read": "OR",
  "reconciliation:check": "OR",
  "audit:read": "OR",
  "portal:read": "OI",
  "consumer:read": "OMR",
  "consumer:write": "OM",
  "consumer:privacy": "O",
  "send:create": "OM",
  "send:approve": "OR",
  "member:manage": "O",
  "apikey:manage": "O",
  "webhook:manage": "O",
  "settings:manage": "O",
};
const LETTER: Record<Role, string> = { owner: "O", marketer: "M", reviewer: "R", clerk: "C", influencer: "I" };

describe("role matrix", () => {
  it("lists every permission in the expected table", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PERMISSIONS].sort());
  });

  for (const permission of PERMISSIONS) {
    for (const role of ROLES) {
      const allowed = EXPECTED[permission].includes(LETTER[role]);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed);
      });
    }
  }

  it("refuses unknown roles", () => {
    expect(can("guest" as Role, "campaign:read")).toBe(false);
  });
});

describe("sidebar", () => {
  const keys = (role: Role) => navFor(role).map((i) => i.key);
  it("shows each role only its sections", () => {
    expect(keys("owner")).toEqual([
      "campaigns",
      "reviews",
      "influencers",
      "stores",
      "consumers",
      "analytics",
      "redeem",
      "links",
      "reconciliation",
      "audit",
      "settings",
    ]);
    expect(keys("marketer")).toEqual(["campaigns", "influencers", "consumers", "analytics"]);
    expect(keys("reviewer")).toEqual(["reviews", "consumers", "reconciliation", "audit"]);
    expect(keys("clerk")).toEqual(["redeem"]);
    expect(keys("influencer")).toEqual(["links"]);
  });

  it("sends each role to its first section", () => {
    expect(homeFor("clerk")).toBe("/redeem");
    expect(homeFor("influencer")).toBe("/links");
    expect(homeFor("reviewer")).toBe("/reviews");
  });
});
