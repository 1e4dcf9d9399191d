// Test data shaped like what Rust sends, so the tests type-check against the generated bindings.
import type { ShopView } from "../lib/bindings";

/** A registered, not yet authorized shop; override any field. */
export function shopFixture(overrides: Partial<ShopView> = {}): ShopView {
  const id = overrides.id ?? "shop-1";
  return {
    id,
    label: `Shop ${id}`,
    region: "US",
    app_key: "app-key",
    service_id: "service-id",
    shop_hint: "7000000000000000001",
    redirect_port: 8765,
    authorize_url: "",
    api_base: "https://open-api.tiktokglobalshop.com",
    auth_base: "https://auth.tiktok-shops.com",
    is_demo: false,
    status: { kind: "NotConnected" },
    tiktok: null,
    authorization_ends_at: null,
    banner: null,
    ...overrides,
  };
}
