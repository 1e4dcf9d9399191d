import { describe, expect, it } from "vitest";
import type { OptionKey, OptionsView, OptionView } from "../lib/bindings";
import {
  CONFIRM_HANDOVER_LABELS,
  intervalPhrase,
  mappingNote,
  MIN_POLL_SECS,
  parsePollInterval,
  toggledNote,
} from "./options";

describe("parsePollInterval", () => {
  it("accepts core's bounds (5 s to 24 h) and says what is wrong otherwise", () => {
    expect(parsePollInterval(" 60 ")).toEqual({ secs: 60 });
    expect(parsePollInterval("10")).toEqual({ secs: 10 });
    expect(parsePollInterval(String(MIN_POLL_SECS - 1))).toEqual({
      error: `Use at least ${MIN_POLL_SECS} seconds.`,
    });
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

describe("toggledNote", () => {
  const option = (key: OptionKey, label: string, available: boolean): OptionView => ({
    key,
    label,
    description: "",
    enabled: available,
    available,
    unavailable_reason: available ? null : "Needs automatic order download.",
    scopes: ["seller.order.info"],
  });
  const view = (download: boolean): OptionsView => ({
    shop_id: "s1",
    options: [
      option("auto_download", "Automatic order download", true),
      option("notify_new_orders", "Desktop notification for new orders", download),
      option("auto_confirm", "Automatic order confirmation", false),
    ],
    poll_interval_secs: 10,
  });

  it("says which options the download took with it, and brought back", () => {
    expect(toggledNote("Automatic order download", false, view(true), view(false))).toBe(
      "Automatic order download is off. Paused with it: Desktop notification for new orders.",
    );
    expect(toggledNote("Automatic order download", true, view(false), view(true))).toBe(
      "Automatic order download is on. Available again: Desktop notification for new orders.",
    );
  });

  it("is the plain state when nothing else changed", () => {
    expect(toggledNote("Desktop notification for new orders", false, view(true), view(true))).toBe(
      "Desktop notification for new orders is off.",
    );
  });
});

describe("handover default and carriers", () => {
  it("words every handover core knows (keyed by the generated type)", () => {
    expect(Object.keys(CONFIRM_HANDOVER_LABELS).sort()).toEqual(["drop_off", "pickup"]);
    expect(CONFIRM_HANDOVER_LABELS.pickup).toBe("Pickup in the earliest slot");
  });

  it("marks a remembered carrier whose provider TikTok no longer lists", () => {
    const mapping = { shop_id: "s1", seller_name: "UPS Ground", provider_name: "UPS", updated_at: 1 };
    expect(mappingNote({ ...mapping, provider_listed: true }).tone).toBe("ok");
    const broken = mappingNote({ ...mapping, provider_listed: false });
    expect(broken.tone).toBe("warn");
    expect(broken.text).toMatch(/no longer lists UPS/);
    expect(mappingNote({ ...mapping, provider_listed: null }).tone).toBe("neutral");
  });
});
