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
pub const JPY: Currency = Currency {
    code: "JPY",
    decimals: 0,
};

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
