import { describe, expect, it } from "vitest";
import { formatCount, formatMoney } from "./money";

describe("formatMoney", () => {
  it("puts the currency's symbol where the locale does and keeps the decimals as given", () => {
    expect(formatMoney("1234.50", "USD", "en-US")).toBe("$1,234.50");
    expect(formatMoney("7.5", "USD", "en-US")).toBe("$7.5");
    expect(formatMoney("12", "GBP", "en-GB")).toBe("£12");
    expect(formatMoney("1234.50", "EUR", "de-DE")).toBe("1.234,50\u00a0€");
  });

  it("never rounds through a float", () => {
    // 2^53 + 1 cannot be a JavaScript number; as a string it survives.
    expect(formatMoney("9007199254740993.01", "USD", "en-US")).toBe("$9,007,199,254,740,993.01");
    expect(formatMoney("0.10", "USD", "en-US")).toBe("$0.10");
  });

  it("shows negatives, unknown currencies and odd text without inventing anything", () => {
    expect(formatMoney("-3.00", "USD", "en-US")).toBe("-$3.00");
    expect(formatMoney("5.00", "XQQ", "en-US")).toBe("XQQ\u00a05.00");
    expect(formatMoney("5.00", null, "en-US")).toBe("5.00");
    expect(formatMoney("n/a", "USD", "en-US")).toBe("n/a USD");
    expect(formatMoney(null, "USD", "en-US")).toBe("—");
    expect(formatMoney("", "USD", "en-US")).toBe("—");
  });
});

describe("formatCount", () => {
  it("groups digits", () => {
    expect(formatCount(12345, "en-US")).toBe("12,345");
  });
});
