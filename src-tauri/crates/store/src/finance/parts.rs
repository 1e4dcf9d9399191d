//! Amounts by kind: a settlement's breakdown flattened to `group.name` (e.g.
//! `fee.platform_commission_amount`), only the amounts that are not zero, in the order they
//! were first met (TikTok's reference order when they come from one breakdown). Stored as a
//! JSON array of `[kind, "decimal"]`, so the amounts stay exact and their order survives.

use crate::StoreError;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The groups of kinds. Revenue, shipping, fees and taxes add up to a settlement;
/// `supplementary` amounts are for reference ("do not directly contribute"); adjustments and
/// reserves are kinds of their own (`adjustment.CHARGE_BACK`, `reserve.COLLECTED`).
pub const REVENUE: &str = "revenue";
pub const SHIPPING: &str = "shipping";
pub const FEE: &str = "fee";
pub const TAX: &str = "tax";
pub const SUPPLEMENTARY: &str = "supplementary";
pub const ADJUSTMENT: &str = "adjustment";
pub const RESERVE: &str = "reserve";

/// `group.name`.
pub fn kind(group: &str, name: &str) -> String {
    format!("{group}.{name}")
}

/// The group of a kind (`fee` of `fee.transaction_fee_amount`).
pub fn group_of(kind: &str) -> &str {
    kind.split_once('.').map_or(kind, |(g, _)| g)
}

/// Signed amounts by kind; adding the same kind twice sums it, and a kind whose sum is zero
/// is left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts(Vec<(String, Decimal)>);

impl Parts {
    /// Adds `amount` to `kind`.
    pub fn add(&mut self, kind: &str, amount: Decimal) {
        if amount.is_zero() {
            return;
        }
        match self.0.iter().position(|(k, _)| k == kind) {
            Some(i) => {
                self.0[i].1 += amount;
                if self.0[i].1.is_zero() {
                    self.0.remove(i);
                }
            }
            None => self.0.push((kind.to_owned(), amount)),
        }
    }

    /// Adds every amount of `other`.
    pub fn add_all(&mut self, other: &Parts) {
        for (k, v) in &other.0 {
            self.add(k, *v);
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The amount of one kind (zero when absent).
    pub fn get(&self, kind: &str) -> Decimal {
        self.iter()
            .find(|(k, _)| *k == kind)
            .map_or(Decimal::ZERO, |(_, v)| v)
    }

    /// The sum of a group, `None` when no amount of it is present.
    pub fn group_total(&self, group: &str) -> Option<Decimal> {
        let mut amounts = self.iter().filter(|(k, _)| group_of(k) == group).peekable();
        amounts.peek()?;
        Some(amounts.map(|(_, v)| v).sum())
    }

    /// The amounts of one group.
    pub fn of_group<'a>(&'a self, group: &'a str) -> impl Iterator<Item = (&'a str, Decimal)> {
        self.iter().filter(move |(k, _)| group_of(k) == group)
    }

    pub(crate) fn to_json(&self) -> String {
        serde_json::Value::Array(
            self.0
                .iter()
                .map(|(k, v)| serde_json::json!([k, v.to_string()]))
                .collect(),
        )
        .to_string()
    }

    /// Reads the column back; a value that is not `[[kind, "decimal"], ...]` is an error,
    /// never a silent zero.
    pub(crate) fn from_json(text: &str) -> Result<Self, StoreError> {
        let bad = |why: &str| StoreError::Invalid(format!("stored amounts {text:?}: {why}"));
        let pairs: Vec<(String, String)> =
            serde_json::from_str(text).map_err(|e| bad(&e.to_string()))?;
        let mut parts = Parts::default();
        for (k, v) in pairs {
            let amount = Decimal::from_str(&v).map_err(|e| bad(&e.to_string()))?;
            parts.add(&k, amount);
        }
        Ok(parts)
    }
}

impl FromIterator<(String, Decimal)> for Parts {
    fn from_iter<I: IntoIterator<Item = (String, Decimal)>>(iter: I) -> Self {
        let mut parts = Parts::default();
        for (k, v) in iter {
            parts.add(&k, v);
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn kinds_sum_keep_their_first_order_and_drop_to_nothing_at_zero() {
        let mut p = Parts::default();
        p.add("fee.transaction_fee_amount", d("-1.20"));
        p.add("revenue.subtotal_before_discount_amount", d("20"));
        p.add("fee.transaction_fee_amount", d("-0.30"));
        p.add("tax.vat_amount", d("0"));
        assert_eq!(p.len(), 2, "a zero amount is not kept");
        assert_eq!(p.get("fee.transaction_fee_amount"), d("-1.50"));
        assert_eq!(p.iter().next().unwrap().0, "fee.transaction_fee_amount");
        assert_eq!(p.group_total(FEE), Some(d("-1.50")));
        assert_eq!(p.group_total(TAX), None);
        p.add("fee.transaction_fee_amount", d("1.50"));
        assert_eq!(p.group_total(FEE), None, "a kind summing to zero goes");
    }

    #[test]
    fn the_column_round_trips_exactly_and_refuses_garbage() {
        let p: Parts = [
            ("fee.a".to_string(), d("-0.10")),
            ("adjustment.CHARGE_BACK".to_string(), d("-12.345")),
        ]
        .into_iter()
        .collect();
        let text = p.to_json();
        assert_eq!(
            text,
            r#"[["fee.a","-0.10"],["adjustment.CHARGE_BACK","-12.345"]]"#
        );
        assert_eq!(Parts::from_json(&text).unwrap(), p);
        assert!(Parts::from_json(r#"[["fee.a", 1.5]]"#).is_err());
        assert!(Parts::from_json(r#"[["fee.a", "abc"]]"#).is_err());
    }
}
