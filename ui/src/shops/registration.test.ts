import { describe, expect, it } from "vitest";
import { shopFixture } from "../testing/fixtures";
import { AUTHORIZE_URLS, FORM_FIELDS, REGIONS } from "../lib/bindings";
import {
  DEFAULT_PORT,
  FIELD_HELP,
  FIELD_ORDER,
  emptyForm,
  fieldMessages,
  firstInvalid,
  formFromShop,
  isRegistrationField,
  redirectUrl,
  toInput,
  withRegion,
} from "./registration";

describe("the registration form", () => {
  it("starts in the US with port 8723 and the US authorization link", () => {
    const form = emptyForm();
    expect(form.region).toBe("US");
    expect(form.redirectPort).toBe(String(DEFAULT_PORT));
    expect(form.authorizeUrl).toBe(AUTHORIZE_URLS.US);
  });

  it("has one line of help for every field, naming where to find app values", () => {
    for (const field of FIELD_ORDER) expect(FIELD_HELP[field]).toMatch(/\S/);
    expect(FIELD_HELP.app_key).toBe("Partner Center > App & Service > your app > App key.");
  });

  it("lists every registration field of core once, top to bottom, and no other form's", () => {
    expect(FIELD_ORDER).toEqual([
      "label",
      "region",
      "app_key",
      "app_secret",
      "service_id",
      "shop_hint",
      "redirect_port",
      "authorize_url",
      "api_base",
      "auth_base",
    ]);
    expect([...FIELD_ORDER].sort()).toEqual(Object.keys(FIELD_HELP).sort());
    expect(FORM_FIELDS.filter((f) => !isRegistrationField(f))).toEqual([
      "options",
      "poll_interval_secs",
      "from",
      "to",
      "carrier",
      "tracking_number",
      "reason",
      "line_item_ids",
      "sku_code",
      "on_hand",
      "price",
      "cost",
      "stock_buffer",
      "stock_percent",
      "reconcile_minutes",
      "price_currency",
    ]);
  });

  it("has a default authorization link for every region", () => {
    for (const region of REGIONS) {
      expect(withRegion(emptyForm(), region).authorizeUrl).toBe(AUTHORIZE_URLS[region]);
    }
  });

  it("moves the authorization link with the region unless the seller typed their own", () => {
    const row = withRegion(emptyForm(), "ROW");
    expect(row.authorizeUrl).toBe(AUTHORIZE_URLS.ROW);
    const custom = { ...emptyForm(), authorizeUrl: "https://example.test/open/authorize?x=1" };
    expect(withRegion(custom, "ROW").authorizeUrl).toBe(custom.authorizeUrl);
  });

  it("shows the redirect URL to register for a valid port only", () => {
    expect(redirectUrl("8723")).toBe("http://localhost:8723/callback");
    expect(redirectUrl(" 9000 ")).toBe("http://localhost:9000/callback");
    expect(redirectUrl("70000")).toBeNull();
    expect(redirectUrl("80a")).toBeNull();
  });

  it("sends an empty secret as null (keep the saved one) and a bad port as 0", () => {
    const input = toInput({ ...emptyForm(), appSecret: "  ", redirectPort: "abc" });
    expect(input.app_secret).toBeNull();
    expect(input.redirect_port).toBe(0);
    expect(toInput({ ...emptyForm(), appSecret: " s3cret-value " }).app_secret).toBe("s3cret-value");
  });

  it("edits a saved shop without ever showing its secret", () => {
    const form = formFromShop(
      shopFixture({ region: "ROW", authorize_url: "", redirect_port: 9001 }),
    );
    expect(form.appSecret).toBe("");
    expect(form.region).toBe("ROW");
    expect(form.authorizeUrl).toBe(AUTHORIZE_URLS.ROW);
    expect(form.redirectPort).toBe("9001");
  });
});

describe("save errors", () => {
  it("go under their fields, first message each, the rest to a banner", () => {
    const { fields, other } = fieldMessages({
      code: "Validation",
      message: "Please correct the highlighted fields.",
      detail: null,
      fields: [
        { field: "service_id", message: "A service ID is a long number (digits only)." },
        { field: "app_key", message: "Enter the app key." },
        { field: "app_key", message: "Second message." },
        { field: "poll_interval_secs", message: "Something else." },
      ],
    });
    expect(fields).toEqual({
      app_key: "Enter the app key.",
      service_id: "A service ID is a long number (digits only).",
    });
    expect(other).toEqual(["Something else."]);
    expect(firstInvalid(fields)).toBe("app_key");
    expect(firstInvalid({})).toBeNull();
  });
});
