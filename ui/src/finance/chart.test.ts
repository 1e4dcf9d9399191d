import { describe, expect, it } from "vitest";
import { chartLayout } from "./chart";
import { bucket } from "./fixtures.test-support";

describe("the summary chart", () => {
  it("scales bars to the largest bucket and puts a negative day below the zero line", () => {
    const layout = chartLayout(
      [bucket("2026-11-01", "100.00"), bucket("2026-11-02", "-50.00"), bucket("2026-11-03", "0.00")],
      { width: 300, height: 150, gap: 0 },
    );
    expect(layout.zeroY).toBe(100);
    const [a, b, c] = layout.bars;
    expect(a).toMatchObject({ x: 0, width: 100, y: 0, height: 100, negative: false });
    expect(b).toMatchObject({ x: 100, y: 100, height: 50, negative: true });
    expect(c).toMatchObject({ height: 0 });
    expect(layout.top?.day).toBe("2026-11-01");
    expect(layout.bottom?.day).toBe("2026-11-02");
  });

  it("draws nothing to scale without money and names no axis", () => {
    const layout = chartLayout([bucket("2026-11-01", "0")], { width: 100, height: 50 });
    expect(layout.bars[0]?.height).toBe(0);
    expect(layout.zeroY).toBe(50);
    expect(layout.top).toBeNull();
    expect(layout.bottom).toBeNull();
    expect(chartLayout([], { width: 100, height: 50 }).bars).toEqual([]);
  });

  it("gives a tiny amount beside a large one a visible sliver", () => {
    const layout = chartLayout([bucket("2026-11-01", "100000"), bucket("2026-11-02", "0.01")], {
      width: 100,
      height: 50,
    });
    expect(layout.bars[1]?.height).toBe(1);
  });
});
