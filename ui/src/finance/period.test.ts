import { describe, expect, it } from "vitest";
import {
  DAY,
  customPeriod,
  dayLabel,
  defaultStep,
  periodInputs,
  presetPeriod,
  utcDateInput,
  utcDay,
} from "./period";

// 2026-12-07 05:40 UTC
const NOW = Date.UTC(2026, 11, 7, 5, 40) / 1000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

describe("the Money page's period (UTC days, as TikTok's statements)", () => {
  it("reads and writes date inputs as UTC midnights and refuses what is no date", () => {
    expect(utcDay("2026-12-07")).toBe(day("2026-12-07"));
    expect(utcDay("2026-02-30")).toBeNull();
    expect(utcDay("7/12/2026")).toBeNull();
    expect(utcDateInput(day("2026-01-31"))).toBe("2026-01-31");
  });

  it("counts today into the rolling presets and ends a month at the next one's first day", () => {
    expect(presetPeriod("7d", NOW)).toEqual({ from: day("2026-12-01"), to: day("2026-12-08") });
    expect(presetPeriod("30d", NOW)).toEqual({ from: day("2026-11-08"), to: day("2026-12-08") });
    expect(presetPeriod("this_month", NOW)).toEqual({ from: day("2026-12-01"), to: day("2026-12-08") });
    expect(presetPeriod("last_month", NOW)).toEqual({ from: day("2026-11-01"), to: day("2026-12-01") });
    const january = Date.UTC(2027, 0, 15) / 1000;
    expect(presetPeriod("last_month", january)).toEqual({ from: day("2026-12-01"), to: day("2027-01-01") });
  });

  it("takes custom dates with both days included, and refuses a reversed range", () => {
    const p = customPeriod("2026-11-01", "2026-11-30");
    expect(p).toEqual({ from: day("2026-11-01"), to: day("2026-12-01") });
    expect(periodInputs(p!)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(customPeriod("2026-11-02", "2026-11-01")).toBeNull();
    expect(customPeriod("", "2026-11-01")).toBeNull();
  });

  it("charts by day up to about six weeks and by week beyond", () => {
    expect(defaultStep({ from: 0, to: 30 * DAY })).toBe("day");
    expect(defaultStep({ from: 0, to: 90 * DAY })).toBe("week");
  });

  it("names a day without its year in the current year", () => {
    expect(dayLabel("2026-11-20", NOW, "en-US")).toBe("Nov 20");
    expect(dayLabel("2025-11-20", NOW, "en-US")).toBe("Nov 20, 2025");
    expect(dayLabel(day("2026-11-20"), NOW, "en-US")).toBe("Nov 20");
  });
});
