import { describe, expect, it } from "vitest";
import { validateProfileInput, validateSavedSearchInput } from "./profile";

describe("profile validation", () => {
  const notifications = { distributions: true, governance: false, orderFills: true };

  it("accepts and trims a valid profile", () => {
    expect(validateProfileInput({ displayName: "  Jonas ", email: "jonas@example.org", notifications })).toEqual({
      ok: true, value: { displayName: "Jonas", email: "jonas@example.org", notifications },
    });
  });

  it("reports every bad field", () => {
    const result = validateProfileInput({ displayName: "x".repeat(41), email: "nope", notifications: { distributions: "yes" } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(["displayName", "email", "notifications.distributions", "notifications.governance", "notifications.orderFills"]);
    }
    expect(validateProfileInput(null).ok).toBe(false);
  });

  it("validates saved searches", () => {
    expect(validateSavedSearchInput({ name: " Wind DE ", query: "?tech=Wind&country=DE" })).toEqual({ ok: true, value: { name: "Wind DE", query: "tech=Wind&country=DE" } });
    expect(validateSavedSearchInput({ name: "", query: "" }).ok).toBe(false);
  });
});
