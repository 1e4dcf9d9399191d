import { describe, expect, it } from "vitest";
import { importPercent, importProgressText, priceRange, statusLabel } from "./products";

describe("the products list", () => {
  it("names TikTok's statuses as Seller Center does and shows a new one as sent", () => {
    expect(statusLabel("ACTIVATE")).toBe("Live");
    expect(statusLabel("PLATFORM_DEACTIVATED")).toBe("Suspended by TikTok");
    expect(statusLabel("SOMETHING_NEW")).toBe("something new");
  });

  it("shows one price, a range, or a dash", () => {
    expect(priceRange({ price_min: "12.00", price_max: "12.00", currency: "USD" })).toBe("$12.00");
    expect(priceRange({ price_min: "9.00", price_max: "14.50", currency: "USD" })).toBe("$9.00 – $14.50");
    expect(priceRange({ price_min: null, price_max: null, currency: "USD" })).toBe("—");
  });

  it("counts the import's progress against TikTok's total", () => {
    const p = { shop_id: "s", full: true, imported: 250, total: 1000, finished: false };
    expect(importProgressText(p)).toBe("Importing products: 250 of 1000 products");
    expect(importPercent(p)).toBe(25);
    expect(importPercent({ ...p, total: 0 })).toBe(0);
  });
});
