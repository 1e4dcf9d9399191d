import { describe, expect, it } from "vitest";
import { unreadableSummary } from "./unreadable";

describe("unreadable orders notice", () => {
  it("says how many, that they are kept, and that the rest is up to date", () => {
    expect(unreadableSummary(1)).toBe(
      "1 order from TikTok could not be read. Shopdock keeps it and tries again with every download; the rest of your orders are up to date.",
    );
    expect(unreadableSummary(3)).toContain("3 orders");
    expect(unreadableSummary(3)).toContain("keeps them");
  });
});
