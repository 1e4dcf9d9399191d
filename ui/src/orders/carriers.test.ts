import { describe, expect, it } from "vitest";
import type { CarrierSuggestionsView } from "../lib/bindings";
import { carrierToSend, newPick, pickQuestion, rememberLabel } from "./carriers";

function view(fields: Partial<CarrierSuggestionsView> = {}): CarrierSuggestionsView {
  return {
    order_id: "o1",
    carrier: "UPS Ground",
    resolved: null,
    broken_mapping: null,
    providers: [
      { provider_name: "UPS", provider_id: "2", likely: true },
      { provider_name: "USPS", provider_id: "1", likely: false },
    ],
    ...fields,
  };
}

describe("carrier picker", () => {
  it("asks nothing when the name resolves (remembered, or TikTok's own name)", () => {
    expect(newPick("s1", view({ resolved: "UPS" }))).toBeNull();
  });

  it("asks about an unknown name, the one likely provider preselected, remembering by default", () => {
    const pick = newPick("s1", view());
    expect(pick).toMatchObject({ shop_id: "s1", name: "UPS Ground", chosen: "UPS", remember: true });
    expect(pick && pickQuestion(pick)).toBe("TikTok does not know “UPS Ground”. Which of TikTok's carriers is it?");
    expect(pick && rememberLabel(pick)).toBe("Remember “UPS Ground” as UPS for this shop");
  });

  it("preselects nothing when several providers look likely", () => {
    const pick = newPick("s1", view({ providers: view().providers.map((p) => ({ ...p, likely: true })) }));
    expect(pick?.chosen).toBeNull();
    expect(pick && carrierToSend(pick)).toBeNull();
  });

  it("says when a remembered name's provider is no longer listed", () => {
    const pick = newPick("s1", view({ broken_mapping: "OnTrac" }));
    expect(pick && pickQuestion(pick)).toMatch(/remembered as OnTrac, which TikTok no longer lists/);
  });

  it("ships with the seller's name once remembered, else with TikTok's provider name", () => {
    const pick = newPick("s1", view());
    expect(pick && carrierToSend(pick)).toBe("UPS Ground");
    expect(pick && carrierToSend({ ...pick, remember: false })).toBe("UPS");
  });
});
