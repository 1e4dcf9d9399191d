import { describe, expect, it } from "vitest";
import type { ApiError } from "../lib/bindings";
import { shopFixture } from "../testing/fixtures";
import { acceptsOutcome, candidateLine, failureAdvice, phaseAfter, secondsLeft } from "./auth";

const error = (code: ApiError["code"]): ApiError => ({ code, message: "m", detail: null, fields: [] });

describe("Get Auth's phases", () => {
  it("follow each outcome", () => {
    const shop = shopFixture({ status: { kind: "Connected" } });
    expect(phaseAfter({ kind: "Connected", shop })).toEqual({ kind: "connected", shop });
    const candidates = [{ shop_id: "1", name: "A", code: "USA1", region: "US" }];
    expect(phaseAfter({ kind: "ChooseShop", candidates })).toEqual({ kind: "choose", candidates });
    expect(phaseAfter({ kind: "Failed", error: error("AuthFlow") })).toMatchObject({ kind: "failed" });
  });

  it("hear outcomes only while waiting, so a late event cannot reopen a closed flow", () => {
    expect(acceptsOutcome({ kind: "starting" })).toBe(true);
    expect(acceptsOutcome({ kind: "connecting" })).toBe(true);
    expect(acceptsOutcome({ kind: "failed", error: error("AuthFlow") })).toBe(false);
    expect(acceptsOutcome({ kind: "choose", candidates: [] })).toBe(false);
  });

  it("say what to do after every kind of failure", () => {
    expect(failureAdvice(error("AuthFlow"))).toMatch(/Try again/);
    expect(failureAdvice(error("InvalidCredentials"))).toMatch(/app key/);
    expect(failureAdvice(error("SecretStore"))).toMatch(/keyring/);
    expect(failureAdvice(error("Internal"))).toMatch(/Try again/);
  });

  it("count down to the session's end and describe candidates", () => {
    const session = {
      shop_id: "s",
      authorize_url: "u",
      port: 1,
      expires_at: 1000,
      browser_opened: true,
    };
    expect(secondsLeft(session, 700)).toBe(300);
    expect(secondsLeft(session, 2000)).toBe(0);
    expect(candidateLine({ shop_id: "1", name: "A", code: "USA1", region: "US" })).toBe("US · USA1");
    expect(candidateLine({ shop_id: "1", name: "A", code: "", region: "US" })).toBe("US");
  });
});
