// Money as TikTok sends it: a decimal string in the order's currency. It is never turned into a
// float for display (a float would round, and JavaScript numbers cannot hold every amount); only
// the digits are grouped and the currency's symbol is placed where the locale puts it.

export interface MoneyParts {
  /** The amount with its integer digits grouped, decimals exactly as given: "1,234.50". */
  amount: string;
  /** The symbol or code, e.g. "$", "£", "USD". */
  symbol: string;
  /** True when the locale writes the symbol before the amount. */
  symbolFirst: boolean;
  negative: boolean;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Splits a decimal string for display; null when it is not a plain decimal. */
export function moneyParts(
  value: string,
  currency: string | null,
  locale?: string,
): MoneyParts | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, minus, whole = "0", fraction] = match;
  const separators = localeSeparators(locale);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separators.group);
  const amount = fraction === undefined ? grouped : `${grouped}${separators.decimal}${fraction}`;
  const { symbol, symbolFirst } = currencySymbol(currency, locale);
  return { amount, symbol, symbolFirst, negative: minus === "-" };
}

/** "$1,234.50", "1,234.50 PLN", or the text as given when it is not a decimal; "—" when absent. */
export function formatMoney(
  value: string | null | undefined,
  currency: string | null | undefined,
  locale?: string,
): string {
  if (value === null || value === undefined || value.trim() === "") return "—";
  const parts = moneyParts(value, currency ?? null, locale);
  if (!parts) return currency ? `${value} ${currency}` : value;
  const sign = parts.negative ? "-" : "";
  if (!parts.symbol) return `${sign}${parts.amount}`;
  if (parts.symbolFirst) {
    // Letters need a space ("CHF 12.00"); a sign does not ("$12.00").
    const gap = /[A-Za-z]$/.test(parts.symbol) ? "\u00a0" : "";
    return `${sign}${parts.symbol}${gap}${parts.amount}`;
  }
  return `${sign}${parts.amount}\u00a0${parts.symbol}`;
}

function localeSeparators(locale?: string): { group: string; decimal: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    group: parts.find((p) => p.type === "group")?.value ?? ",",
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
  };
}

/** The symbol of an ISO currency as the locale writes it ("$" for USD in en-US); the code itself when unknown. */
function currencySymbol(
  currency: string | null,
  locale?: string,
): { symbol: string; symbolFirst: boolean } {
  if (!currency) return { symbol: "", symbolFirst: false };
  try {
    // Formatting zero only reveals where the symbol goes; the amount shown is never a number.
    const parts = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      currencyDisplay: "narrowSymbol",
    }).formatToParts(0);
    const index = parts.findIndex((p) => p.type === "currency");
    const integer = parts.findIndex((p) => p.type === "integer");
    const symbol = parts[index]?.value ?? currency;
    return { symbol, symbolFirst: index < integer };
  } catch {
    return { symbol: currency, symbolFirst: false };
  }
}

/** Groups a count for labels: 12345 -> "12,345". */
export function formatCount(n: number, locale?: string): string {
  return new Intl.NumberFormat(locale).format(n);
}
