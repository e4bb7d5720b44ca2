import { describe, expect, it } from "vitest";
import { dateTimeFormat, displayNames, numberFormat, relativeTimeFormat } from "./intl.ts";

describe("cached Intl formatters", () => {
  it("builds one formatter per locale and options, and formats as a fresh one does", () => {
    const options = { style: "currency", currency: "EUR" } as const;
    expect(numberFormat("de-DE", options)).toBe(numberFormat("de-DE", { style: "currency", currency: "EUR" }));
    expect(numberFormat("de-DE", options).format(1234.5)).toBe(new Intl.NumberFormat("de-DE", options).format(1234.5));
    expect(numberFormat("en-GB", options)).not.toBe(numberFormat("de-DE", options));
    expect(numberFormat("de-DE", { ...options, currency: "USD" })).not.toBe(numberFormat("de-DE", options));
    expect(numberFormat(undefined)).toBe(numberFormat());
    expect(numberFormat(["fr-FR"])).not.toBe(numberFormat("fr-FR")); // a list and a string are different keys, both correct
  });

  it("keeps the kinds apart", () => {
    expect(dateTimeFormat("en-GB", { dateStyle: "medium" }).format(new Date(Date.UTC(2027, 0, 15)))).toBe("15 Jan 2027");
    expect(relativeTimeFormat("en", { numeric: "auto" }).format(1, "day")).toBe("tomorrow");
    expect(displayNames("en", { type: "region" }).of("DE")).toBe("Germany");
    expect(displayNames("de", { type: "region" }).of("DE")).toBe("Deutschland");
  });
});
