//! Money in integer minor units, rendered as TikTok's decimal strings.
//!
//! Every amount is computed as an `i64` count of minor units (cents, pence, yen) and only turned
//! into a string at the edge, so `total = sub_total + shipping_fee + tax + ...` holds exactly,
//! digit for digit. A float never touches money here.

/// A currency and how many decimals TikTok prints for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    pub code: &'static str,
    pub decimals: u32,
}

pub const USD: Currency = Currency {
    code: "USD",
    decimals: 2,
};
pub const GBP: Currency = Currency {
    code: "GBP",
    decimals: 2,
};
pub const EUR: Currency = Currency {
    code: "EUR",
    decimals: 2,
};
pub const MYR: Currency = Currency {
    code: "MYR",
    decimals: 2,
};
pub const MXN: Currency = Currency {
    code: "MXN",
    decimals: 2,
};
pub const JPY: Currency = Currency {
    code: "JPY",
    decimals: 0,
};

/// How a shop writes its money strings. TikTok's own documentation shows every shape side by
/// side (SPEC:orders/get-order-list examples: `sub_total` "5000", `product_tax` "21.3",
/// `retail_delivery_fee` "1.28", `pfand_fee` "1.50", `platform_discount` "0"), so a client must
/// read any decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MoneyShapes {
    /// Always the currency's decimals: "12.90", "0.00" (the seeded world's shops).
    #[default]
    Fixed,
    /// A mix, chosen per amount: trailing fraction zeros kept ("1.50") or dropped ("21.3",
    /// "5000", "0").
    Varied,
}

impl MoneyShapes {
    /// Writes `minor` in `currency`; `salt` picks the shape of a varied amount.
    pub fn write(self, currency: Currency, minor: i64, salt: u64) -> String {
        let fixed = currency.format(minor);
        if self == MoneyShapes::Fixed || salt.is_multiple_of(3) || !fixed.contains('.') {
            return fixed;
        }
        fixed
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    }
}

impl Currency {
    /// Formats minor units with exactly `decimals` decimals: `1299` -> `"12.99"`, `0` ->
    /// `"0.00"`; JPY `1500` -> `"1500"`.
    pub fn format(self, minor: i64) -> String {
        if self.decimals == 0 {
            return minor.to_string();
        }
        let scale = 10i64.pow(self.decimals);
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        let scale_u = scale as u64;
        format!(
            "{sign}{}.{:0width$}",
            abs / scale_u,
            abs % scale_u,
            width = self.decimals as usize
        )
    }

    /// Parses a decimal string back to minor units (tests and invariants use it).
    pub fn parse(self, s: &str) -> Option<i64> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() || frac.len() > self.decimals as usize {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut v: i64 = int.parse().ok()?;
        for i in 0..self.decimals as usize {
            let digit = frac.as_bytes().get(i).map_or(0, |b| i64::from(b - b'0'));
            v = v.checked_mul(10)?.checked_add(digit)?;
        }
        Some(if neg { -v } else { v })
    }

    /// Rounds `minor * basis_points / 10_000` half-up (tax).
    pub fn apply_rate(minor: i64, basis_points: i64) -> i64 {
        (minor * basis_points + 5_000).div_euclid(10_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varied_shapes_include_tiktoks_documented_forms_and_parse_back() {
        let shapes: std::collections::BTreeSet<String> = (0..3)
            .flat_map(|salt| {
                [500_000, 2_130, 150, 0].map(|minor| MoneyShapes::Varied.write(USD, minor, salt))
            })
            .collect();
        for documented in ["5000", "21.3", "1.50", "0"] {
            assert!(shapes.contains(documented), "{documented} in {shapes:?}");
        }
        for s in &shapes {
            assert!(USD.parse(s).is_some(), "{s}");
        }
        assert_eq!(MoneyShapes::Fixed.write(USD, 150, 1), "1.50");
    }

    #[test]
    fn formats_with_the_currency_decimals() {
        assert_eq!(USD.format(1299), "12.99");
        assert_eq!(USD.format(5), "0.05");
        assert_eq!(USD.format(0), "0.00");
        assert_eq!(EUR.format(-250), "-2.50");
        assert_eq!(JPY.format(1500), "1500");
    }

    #[test]
    fn parse_round_trips() {
        for v in [0, 1, 99, 100, 123_456, -42] {
            assert_eq!(USD.parse(&USD.format(v)), Some(v));
            assert_eq!(JPY.parse(&JPY.format(v)), Some(v));
        }
        assert_eq!(USD.parse("1.5"), Some(150));
        assert_eq!(USD.parse("1.505"), None);
        assert_eq!(USD.parse("abc"), None);
    }

    #[test]
    fn rate_rounds_half_up() {
        assert_eq!(Currency::apply_rate(1000, 725), 73); // 72.5 -> 73
        assert_eq!(Currency::apply_rate(999, 0), 0);
    }
}
