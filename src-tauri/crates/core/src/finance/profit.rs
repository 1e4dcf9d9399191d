//! Profit per order: what the order brought in (TikTok's settlement plus the adjustments that
//! name it) minus what its units cost the seller (each TikTok SKU's units times the costs of
//! the seller's SKUs its link names, times their factors). Pure: the store supplies units and
//! costs.
//!
//! The SKU list's costs are in the currency of the seller's own prices when the seller named
//! one (the stock settings' price currency), else taken to be in the order's: an order
//! settled in another currency gets no profit rather than a sum of two currencies. A profit
//! is only given when every unit is costed: otherwise the reasons say what is missing, so a
//! partial cost is never shown as a profit.

use shopdock_store::finance::{CostPart, OrderUnits, UnitsSource};
use shopdock_tiktok::finance::Decimal;
use std::collections::HashMap;

/// One SKU's cost in an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SkuCost {
    pub sku_id: Option<String>,
    pub units: Option<i64>,
    pub unit_cost: Option<Decimal>,
    pub cost: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Profit {
    pub skus: Vec<SkuCost>,
    pub units_from: Option<UnitsSource>,
    /// Set only when every unit is costed.
    pub cost: Option<Decimal>,
    pub profit: Option<Decimal>,
    pub margin_percent: Option<Decimal>,
    /// Why there is no profit.
    pub missing: Vec<String>,
}

/// What one unit of a linked TikTok SKU costs, or the seller's SKUs that have no cost.
pub(crate) fn unit_cost(parts: &[CostPart]) -> Result<Decimal, Vec<String>> {
    let missing: Vec<String> = parts
        .iter()
        .filter(|p| p.cost.is_none())
        .map(|p| format!("Your SKU {} has no cost.", p.code))
        .collect();
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(parts
        .iter()
        .map(|p| p.cost.unwrap_or_default() * Decimal::from(p.factor))
        .sum())
}

/// What the order's money and the seller's costs are counted in.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Currencies<'a> {
    /// The order's settlement currency.
    pub order: Option<&'a str>,
    /// The seller's prices and costs, when the seller named it.
    pub costs: Option<&'a str>,
}

/// The profit of an order that brought in `net` on `revenue`.
pub(crate) fn order_profit(
    net: Option<Decimal>,
    revenue: Option<Decimal>,
    units: Option<&OrderUnits>,
    costs: &HashMap<String, Vec<CostPart>>,
    currencies: Currencies<'_>,
) -> Profit {
    let mut out = Profit::default();
    if let (Some(order), Some(own)) = (currencies.order, currencies.costs) {
        if !order.is_empty() && !order.eq_ignore_ascii_case(own) {
            out.missing.push(format!(
                "Your SKU costs are in {own}; this order was settled in {order}."
            ));
            return out;
        }
    }
    let Some(units) = units else {
        out.missing
            .push("The order's items are not stored, so its units are unknown.".into());
        return out;
    };
    out.units_from = Some(units.source);
    let mut total = Decimal::ZERO;
    for line in &units.lines {
        let mut sku = SkuCost {
            sku_id: line.sku_id.clone(),
            units: line.units,
            unit_cost: None,
            cost: None,
        };
        match (&line.sku_id, line.units) {
            (None, _) => out
                .missing
                .push("A line of the order has no TikTok SKU.".into()),
            (Some(id), None) => out.missing.push(format!(
                "TikTok did not say how many units of SKU {id} it settled."
            )),
            (Some(id), Some(n)) => match costs.get(id).map(|p| unit_cost(p)) {
                None => out.missing.push(format!(
                    "TikTok SKU {id} is not linked to one of your SKUs."
                )),
                Some(Err(why)) => out.missing.extend(why),
                Some(Ok(each)) => {
                    let cost = each * Decimal::from(n);
                    sku.unit_cost = Some(each);
                    sku.cost = Some(cost);
                    total += cost;
                }
            },
        }
        out.skus.push(sku);
    }
    out.missing.dedup();
    if !out.missing.is_empty() {
        return out;
    }
    out.cost = Some(total);
    let Some(net) = net else {
        out.missing.push("The order is not settled yet.".into());
        return out;
    };
    let profit = net - total;
    out.profit = Some(profit);
    out.margin_percent = revenue
        .filter(|r| *r > Decimal::ZERO)
        .map(|r| (profit * Decimal::ONE_HUNDRED / r).round_dp(1));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_store::finance::UnitsLine;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn part(code: &str, factor: u32, cost: Option<&str>) -> CostPart {
        CostPart {
            code: code.into(),
            factor,
            cost: cost.map(d),
        }
    }

    fn units(lines: &[(&str, i64)]) -> OrderUnits {
        OrderUnits {
            source: UnitsSource::Settled,
            lines: lines
                .iter()
                .map(|(id, n)| UnitsLine {
                    sku_id: Some(id.to_string()),
                    units: Some(*n),
                })
                .collect(),
        }
    }

    #[test]
    fn profit_is_net_minus_units_times_linked_costs_with_the_margin_on_revenue() {
        let costs = HashMap::from([
            ("A".to_string(), vec![part("MUG", 2, Some("1.25"))]),
            (
                "B".to_string(),
                vec![part("MUG", 1, Some("1.25")), part("BOX", 1, Some("0.50"))],
            ),
        ]);
        let p = order_profit(
            Some(d("20.00")),
            Some(d("30")),
            Some(&units(&[("A", 3), ("B", 2)])),
            &costs,
            Currencies {
                order: Some("GBP"),
                costs: Some("GBP"),
            },
        );
        // 3 x 2 x 1.25 + 2 x (1.25 + 0.50) = 7.50 + 3.50
        assert_eq!(p.cost, Some(d("11.00")));
        assert_eq!(p.profit, Some(d("9.00")));
        assert_eq!(p.margin_percent, Some(d("30.0")));
        assert!(p.missing.is_empty());
        assert_eq!(p.skus[1].unit_cost, Some(d("1.75")));
    }

    #[test]
    fn a_missing_link_or_cost_gives_no_profit_and_says_why() {
        let costs = HashMap::from([("A".to_string(), vec![part("MUG", 1, None)])]);
        let p = order_profit(
            Some(d("20")),
            Some(d("30")),
            Some(&units(&[("A", 1), ("Z", 1)])),
            &costs,
            Currencies::default(),
        );
        assert_eq!((p.cost, p.profit), (None, None));
        assert_eq!(
            p.missing,
            [
                "Your SKU MUG has no cost.",
                "TikTok SKU Z is not linked to one of your SKUs."
            ]
        );
        let unsettled = order_profit(
            None,
            None,
            Some(&units(&[("A", 1)])),
            &HashMap::from([("A".to_string(), vec![part("MUG", 1, Some("2"))])]),
            Currencies::default(),
        );
        assert_eq!(unsettled.cost, Some(d("2")));
        assert_eq!(unsettled.profit, None);
        assert_eq!(unsettled.missing, ["The order is not settled yet."]);
        assert!(
            !order_profit(Some(d("1")), None, None, &costs, Currencies::default())
                .missing
                .is_empty()
        );
    }

    #[test]
    fn costs_in_another_currency_than_the_order_give_no_profit() {
        let costs = HashMap::from([("A".to_string(), vec![part("MUG", 1, Some("2"))])]);
        let p = order_profit(
            Some(d("20")),
            Some(d("30")),
            Some(&units(&[("A", 1)])),
            &costs,
            Currencies {
                order: Some("GBP"),
                costs: Some("USD"),
            },
        );
        assert_eq!((p.cost, p.profit), (None, None));
        assert_eq!(
            p.missing,
            ["Your SKU costs are in USD; this order was settled in GBP."]
        );
    }
}
