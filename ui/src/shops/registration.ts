// New registration's form: its fields in Partner Center order with one line of help each, the
// defaults, and the mapping to and from what core takes. Pure, so it is unit-tested.
import {
  AUTHORIZE_URLS,
  FORM_FIELDS,
  type ApiError,
  type FormField,
  type Region,
  type RegistrationInput,
  type ShopView,
} from "../lib/bindings";

/** The redirect port Shopdock suggests; the seller registers the same one in Partner Center. */
export const DEFAULT_PORT = 8723;

export interface RegistrationForm {
  label: string;
  region: Region;
  appKey: string;
  /** Empty when editing means "keep the saved secret". */
  appSecret: string;
  serviceId: string;
  shopHint: string;
  redirectPort: string;
  authorizeUrl: string;
  apiBase: string;
  authBase: string;
}

/** `All` without `Some`, where every member of `Some` must be one of `All`. */
type Without<All, Some extends All> = Exclude<All, Some>;

/**
 * The fields of core's `FormField` this form shows; the others belong to Options, Backfill,
 * shipping, cancelling, the SKUs and the stock rules.
 */
export type RegistrationField = Without<
  FormField,
  | "options"
  | "poll_interval_secs"
  | "from"
  | "to"
  | "carrier"
  | "tracking_number"
  | "reason"
  | "line_item_ids"
  | "sku_code"
  | "on_hand"
  | "price"
  | "cost"
  | "stock_buffer"
  | "stock_percent"
  | "reconcile_minutes"
  | "price_currency"
>;

/** One line of help per field: where the seller finds the value. */
export const FIELD_HELP: Readonly<Record<RegistrationField, string>> = {
  label: "Only for you: the name this shop has in Shopdock.",
  region: "Where your Partner Center account is: US, or Rest of world (UK, EU, Southeast Asia…).",
  app_key: "Partner Center > App & Service > your app > App key.",
  app_secret:
    "Partner Center > App & Service > your app > App secret. Kept in your system keyring, never shown again.",
  service_id: "Partner Center > App & Service > your app > Service ID (a long number).",
  shop_hint:
    "Seller Center > My Account > Seller Profile: the Shop ID (digits) or the shop code (e.g. USLCAB12CD).",
  redirect_port:
    "Shopdock listens on this port for TikTok's answer. Register the redirect URL below for your app in Partner Center.",
  authorize_url:
    "Filled in for your region. If Partner Center shows another link (\"Copy authorization link\"), paste it here.",
  api_base: "Empty uses TikTok's Open API host. Set it only to rehearse against a sandbox.",
  auth_base: "Empty uses TikTok's token service. Set it only to rehearse against a sandbox.",
};

export function isRegistrationField(field: FormField): field is RegistrationField {
  return Object.hasOwn(FIELD_HELP, field);
}

/** The form's fields top to bottom: core declares them in the order the form shows them. */
export const FIELD_ORDER: readonly RegistrationField[] = FORM_FIELDS.filter(isRegistrationField);

export function emptyForm(): RegistrationForm {
  return {
    label: "",
    region: "US",
    appKey: "",
    appSecret: "",
    serviceId: "",
    shopHint: "",
    redirectPort: String(DEFAULT_PORT),
    authorizeUrl: AUTHORIZE_URLS.US,
    apiBase: "",
    authBase: "",
  };
}

/** The form for editing a saved shop. The secret stays empty: it is never shown again. */
export function formFromShop(shop: ShopView): RegistrationForm {
  const region = shop.region;
  return {
    label: shop.label,
    region,
    appKey: shop.app_key,
    appSecret: "",
    serviceId: shop.service_id,
    shopHint: shop.shop_hint,
    redirectPort: String(shop.redirect_port),
    authorizeUrl: shop.authorize_url || AUTHORIZE_URLS[region],
    // Empty means TikTok's host, so only a custom host (a sandbox) fills the field.
    apiBase: shop.api_base === TIKTOK_API_BASE ? "" : shop.api_base,
    authBase: shop.auth_base === TIKTOK_AUTH_BASE ? "" : shop.auth_base,
  };
}

/** TikTok's own hosts, which core fills in when the advanced fields are left empty. */
export const TIKTOK_API_BASE = "https://open-api.tiktokglobalshop.com";
export const TIKTOK_AUTH_BASE = "https://auth.tiktok-shops.com";

/** Changes the region; the authorization link follows unless the seller typed their own. */
export function withRegion(form: RegistrationForm, region: Region): RegistrationForm {
  const link = form.authorizeUrl.trim();
  const isDefault = link === "" || Object.values(AUTHORIZE_URLS).includes(link);
  return { ...form, region, authorizeUrl: isDefault ? AUTHORIZE_URLS[region] : form.authorizeUrl };
}

/** The port as a number when it is one (1-65535), else null. */
export function parsePort(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,5}$/.test(trimmed)) return null;
  const port = Number(trimmed);
  return port >= 1 && port <= 65_535 ? port : null;
}

/** The redirect URL to register in Partner Center for this port. */
export function redirectUrl(portText: string): string | null {
  const port = parsePort(portText);
  return port === null ? null : `http://localhost:${port}/callback`;
}

/** What core's `register_shop` / `update_shop` take. Core validates every field. */
export function toInput(form: RegistrationForm): RegistrationInput {
  const secret = form.appSecret.trim();
  return {
    label: form.label,
    region: form.region,
    app_key: form.appKey,
    app_secret: secret === "" ? null : secret,
    service_id: form.serviceId,
    shop_hint: form.shopHint,
    // An impossible port goes as 0, which core refuses with the field's own message.
    redirect_port: parsePort(form.redirectPort) ?? 0,
    authorize_url: form.authorizeUrl,
    api_base: form.apiBase,
    auth_base: form.authBase,
  };
}

/** The first message per field of a failed save, and what is left over for a banner. */
export function fieldMessages(error: ApiError): {
  fields: Partial<Record<RegistrationField, string>>;
  other: string[];
} {
  const fields: Partial<Record<RegistrationField, string>> = {};
  const other: string[] = [];
  for (const f of error.fields) {
    if (isRegistrationField(f.field)) {
      fields[f.field] ??= f.message;
    } else {
      other.push(f.message);
    }
  }
  return { fields, other };
}

/** The first field with a problem, to move the focus there. */
export function firstInvalid(
  fields: Partial<Record<RegistrationField, string>>,
): RegistrationField | null {
  return FIELD_ORDER.find((name) => fields[name] !== undefined) ?? null;
}

/** The steps of "How do I get these?". */
export const HOW_TO_STEPS: readonly string[] = [
  "Create a TikTok Shop Partner Center account (partner.tiktokshop.com) in your shop's region, as a seller developing for your own shop.",
  "In App & Service, create a custom app for your own shop.",
  "In the app's settings, set the redirect URL to the one shown below (http://localhost:<port>/callback) and enable the Order information scope.",
  "Copy the app key, app secret and service ID from the app's page into this form.",
  "Save, then press Get Auth: your browser opens TikTok Shop, you log in and press Authorize.",
];
