import { describe, expect, it } from "vitest";
import { intervalPhrase, parsePollInterval } from "./options";

describe("parsePollInterval", () => {
  it("accepts 10 s to 24 h and says what is wrong otherwise", () => {
    expect(parsePollInterval(" 60 ")).toEqual({ secs: 60 });
    expect(parsePollInterval("10")).toEqual({ secs: 10 });
    expect(parsePollInterval("9")).toEqual({ error: "Use at least 10 seconds." });
    expect(parsePollInterval("1.5")).toMatchObject({ error: expect.stringMatching(/whole number/) });
    expect(parsePollInterval("90000")).toMatchObject({ error: expect.stringMatching(/24 hours/) });
  });
});

describe("intervalPhrase", () => {
  it("reads naturally", () => {
    expect(intervalPhrase(60)).toBe("every minute");
    expect(intervalPhrase(90)).toBe("every 90 s");
    expect(intervalPhrase(300)).toBe("every 5 min");
    expect(intervalPhrase(7200)).toBe("every 2 h");
  });
});
