//! A shop's stock rules as the seller typed them, checked whole before anything is saved: each
//! value out of range is named on its own field, so the window points at it and the CLI says
//! which option to fix. The bounds are public for the window's own check (the bindings carry
//! them), which only saves a round trip; this one decides.

use super::views::StockSettingsView;
use crate::api::{FieldError, FormField};

/// The most units a buffer holds back: as many as a stock figure can be, so any buffer a
/// seller means is taken, and a typo of a barcode is not.
pub const MAX_STOCK_BUFFER: i64 = 1_000_000_000;
/// The percentage of the free units offered is at most all of them.
pub const MAX_STOCK_PERCENT: u8 = 100;
/// Reconciliation reads TikTok's stock of every linked product: at most once a minute.
pub const MIN_RECONCILE_MINUTES: i64 = 1;
/// And at least once a week, so drift never goes unseen for long (write-api §E: peers
/// re-check hourly, the default).
pub const MAX_RECONCILE_MINUTES: i64 = 7 * 24 * 60;

/// The most units a SKU's figure can be: TikTok's cap on Update Inventory, to which every
/// figure is clamped (shown in the window's explanation of the rules).
pub const MAX_PUSHED_QUANTITY: i64 = shopdock_tiktok::product::MAX_QUANTITY;

/// The settings to save (the currency upper-cased, a blank one meaning "the shops'
/// currency"), or every field that is wrong.
pub(crate) fn check_stock_settings(
    input: StockSettingsView,
) -> Result<StockSettingsView, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut refuse = |field, message: String| errors.push(FieldError { field, message });
    if !(0..=MAX_STOCK_BUFFER).contains(&input.buffer) {
        refuse(
            FormField::StockBuffer,
            format!(
                "The buffer is a whole number of units from 0 to {MAX_STOCK_BUFFER}; {} is not.",
                input.buffer
            ),
        );
    }
    if input.percent > MAX_STOCK_PERCENT {
        refuse(
            FormField::StockPercent,
            format!(
                "The percentage is from 0 to {MAX_STOCK_PERCENT}; {} is not.",
                input.percent
            ),
        );
    }
    if !(MIN_RECONCILE_MINUTES..=MAX_RECONCILE_MINUTES).contains(&input.reconcile_minutes) {
        refuse(
            FormField::ReconcileMinutes,
            format!(
                "Reconcile every {MIN_RECONCILE_MINUTES} to {MAX_RECONCILE_MINUTES} minutes (a \
                 week); {} is not in that range.",
                input.reconcile_minutes
            ),
        );
    }
    let currency = input
        .price_currency
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_ascii_uppercase);
    if let Some(c) = &currency {
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            refuse(
                FormField::PriceCurrency,
                format!(
                    "A currency is its three-letter code, e.g. USD or GBP; {c} is not one. Leave \
                     it empty to use your shops' currency."
                ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(StockSettingsView {
        price_currency: currency,
        ..input
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::StockShare;

    fn typed(buffer: i64, percent: u8, minutes: i64, currency: Option<&str>) -> StockSettingsView {
        StockSettingsView {
            buffer,
            percent,
            share: StockShare::Split,
            reconcile_minutes: minutes,
            price_currency: currency.map(str::to_owned),
        }
    }

    fn fields(input: StockSettingsView) -> Vec<FormField> {
        check_stock_settings(input)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn the_bounds_themselves_are_taken_and_the_currency_is_read_as_its_code() {
        let ok = check_stock_settings(typed(0, 0, MIN_RECONCILE_MINUTES, Some(" gbp "))).unwrap();
        assert_eq!(ok.price_currency.as_deref(), Some("GBP"));
        let ok = check_stock_settings(typed(
            MAX_STOCK_BUFFER,
            MAX_STOCK_PERCENT,
            MAX_RECONCILE_MINUTES,
            Some("  "),
        ))
        .unwrap();
        assert_eq!(ok.price_currency, None, "blank means the shops' currency");
        assert_eq!(ok.share, StockShare::Split);
    }

    #[test]
    fn every_value_out_of_range_is_named_on_its_own_field() {
        assert_eq!(
            fields(typed(-1, 101, 0, Some("US"))),
            vec![
                FormField::StockBuffer,
                FormField::StockPercent,
                FormField::ReconcileMinutes,
                FormField::PriceCurrency
            ]
        );
        assert_eq!(
            fields(typed(
                MAX_STOCK_BUFFER + 1,
                50,
                MAX_RECONCILE_MINUTES + 1,
                Some("€UR")
            )),
            vec![
                FormField::StockBuffer,
                FormField::ReconcileMinutes,
                FormField::PriceCurrency
            ]
        );
        let message = &check_stock_settings(typed(5, 50, 60, Some("usd1"))).unwrap_err()[0].message;
        assert!(message.contains("USD1 is not one"), "{message}");
    }
}
