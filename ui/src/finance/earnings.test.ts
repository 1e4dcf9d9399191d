import { describe, expect, it } from "vitest";
import { earningsLines, gapText, marginText, profitMissingText, referenceParts, settledText } from "./earnings";
import { earnings, part, settled } from "./fixtures.test-support";

const NOW = Date.UTC(2026, 11, 7) / 1000;

describe("an order's earnings in the drawer", () => {
  it("lists the parts down to TikTok's settlement, each fee behind its line, zero ones left out", () => {
    const lines = earningsLines(settled());
    expect(lines.map((l) => [l.label, l.amount])).toEqual([
      ["Revenue", "200.00"],
      ["Shipping", "-70.00"],
      ["Fees", "-30.00"],
      ["Settlement (TikTok)", "130.00"],
    ]);
    expect(lines.find((l) => l.key === "fees")?.parts.map((p) => p.label)).toEqual([
      "Platform commission",
      "Transaction fee",
    ]);
    expect(lines.find((l) => l.key === "settlement")?.total).toBe(true);
    expect(referenceParts(settled()).map((p) => p.label)).toEqual(["Customer payment"]);
  });

  it("shows the gap when the parts do not add up to TikTok's settlement, and nothing when they do", () => {
    expect(gapText(settled())).toBe(
      "The parts add up to $100.00, $30.00 off TikTok's settlement. TikTok's amount is what it pays.",
    );
    expect(gapText(settled({ gap: null, parts_sum: "130.00" }))).toBeNull();
    expect(gapText(settled({ gap: "0.00" }))).toBeNull();
  });

  it("adds the adjustments that name the order and the net after them", () => {
    const lines = earningsLines(
      settled({ adjustments: "-12.00", net: "118.00", parts: [part("adjustment.CHARGE_BACK", "-12.00", "Charge back")] }),
    );
    expect(lines.slice(-2).map((l) => [l.label, l.amount, l.total ?? false])).toEqual([
      ["Adjustments", "-12.00", false],
      ["Net", "118.00", true],
    ]);
    expect(lines.find((l) => l.key === "adjustments")?.parts.map((p) => p.label)).toEqual(["Charge back"]);
  });

  it("falls back to one fees-and-taxes line where TikTok does not split them", () => {
    const lines = earningsLines(
      settled({ fees: null, taxes: null, fee_tax: "-31.00", parts: [part("tax.vat_amount", "-1.00", "VAT")] }),
    );
    const line = lines.find((l) => l.key === "fee_tax");
    expect(line?.amount).toBe("-31.00");
    expect(line?.parts.map((p) => p.label)).toEqual(["VAT"]);
  });

  it("says when and how the order settled, or that it has not yet", () => {
    expect(settledText(settled(), NOW)).toBe("Settled on Nov 20, statement 1723000000000020778.");
    expect(settledText(settled({ source: "order" }), NOW)).toMatch(/read from the order/);
    expect(settledText(earnings(), NOW)).toMatch(/^Not settled yet\. TikTok settles an order some days after delivery/);
    expect(settledText(earnings({ status: "adjustments_only" }), NOW)).toMatch(/adjustments/);
  });

  it("gives the margin as core rounded it and the reasons when there is no profit", () => {
    expect(marginText("21.3")).toBe("21.3 %");
    expect(marginText(null)).toBeNull();
    const missing = settled({ profit_missing: ["TikTok SKU 1 is not linked to one of your SKUs."] });
    expect(profitMissingText(missing)).toBe("TikTok SKU 1 is not linked to one of your SKUs.");
    expect(profitMissingText(settled({ profit: "1.00", profit_missing: [] }))).toBeNull();
  });
});
