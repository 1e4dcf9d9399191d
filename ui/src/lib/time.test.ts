import { describe, expect, it } from "vitest";
import {
  deadlinePhrase,
  exactTimestamp,
  formatCountdown,
  localDayEnd,
  localDayStart,
  relativeTime,
  shortDateTime,
  timeOfDay,
  toDateInput,
} from "./time";

describe("formatCountdown", () => {
  it("shows minutes and two-digit seconds, and stops at zero", () => {
    expect(formatCountdown(300)).toBe("5:00");
    expect(formatCountdown(299.6)).toBe("4:59");
    expect(formatCountdown(9)).toBe("0:09");
    expect(formatCountdown(-4)).toBe("0:00");
  });
});

describe("relativeTime", () => {
  it("reads like a person would say it", () => {
    const now = 1_800_000_000;
    expect(relativeTime(now, now)).toBe("just now");
    expect(relativeTime(now - 12, now)).toBe("12 s ago");
    expect(relativeTime(now - 60, now)).toBe("1 min ago");
    expect(relativeTime(now - 7_300, now)).toBe("2 h ago");
    expect(relativeTime(now - 3 * 86_400, now)).toBe("3 d ago");
    // A clock that moved backwards never shows a negative age.
    expect(relativeTime(now + 5, now)).toBe("just now");
  });
});

describe("deadlinePhrase", () => {
  it("says how long is left, or how late it is", () => {
    const now = 1_800_000_000;
    expect(deadlinePhrase(now + 3 * 3600 + 5, now)).toBe("in 3 h");
    expect(deadlinePhrase(now + 2 * 86_400, now)).toBe("in 2 d");
    expect(deadlinePhrase(now + 30, now)).toBe("in 1 min");
    expect(deadlinePhrase(now - 5 * 3600, now)).toBe("5 h overdue");
  });
});

describe("local times", () => {
  const utc = { locale: "en-US", timeZone: "UTC" };
  const at = Date.UTC(2026, 10, 21, 14, 5, 9) / 1000;

  it("are compact in tables, with the year only when it differs", () => {
    expect(shortDateTime(at, at, utc)).toBe("Nov 21, 14:05");
    expect(shortDateTime(at, at + 400 * 86_400, utc)).toBe("Nov 21, 2026, 14:05");
  });

  it("give the time of day on a 24-hour clock", () => {
    expect(timeOfDay(at, utc)).toBe("14:05:09");
  });

  it("are exact on hover, with the zone", () => {
    expect(exactTimestamp(at, utc)).toBe("Saturday, November 21, 2026 at 2:05:09 PM UTC");
    expect(exactTimestamp(at, { locale: "en-US", timeZone: "Asia/Tokyo" })).toContain("11:05:09 PM");
  });

  it("follow the zone for the day, not UTC", () => {
    const tokyo = { locale: "en-US", timeZone: "Asia/Tokyo" };
    expect(shortDateTime(at, at, tokyo)).toBe("Nov 21, 23:05");
  });
});

describe("date inputs", () => {
  it("map a local day to its midnight and the next day's", () => {
    const start = localDayStart("2026-03-07");
    const end = localDayEnd("2026-03-07");
    expect(start).not.toBeNull();
    expect(new Date((start ?? 0) * 1000).getHours()).toBe(0);
    expect(new Date((start ?? 0) * 1000).getDate()).toBe(7);
    expect(new Date((end ?? 0) * 1000).getDate()).toBe(8);
    expect(toDateInput(start ?? 0)).toBe("2026-03-07");
  });

  it("refuse what is not a date", () => {
    expect(localDayStart("")).toBeNull();
    expect(localDayStart("2026-02-30")).toBeNull();
    expect(localDayEnd("yesterday")).toBeNull();
  });
});
