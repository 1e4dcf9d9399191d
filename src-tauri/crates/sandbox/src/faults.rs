//! Fault injection for Open API requests that passed verification and the rate limit.
//!
//! One roll per request picks at most one fault with exactly the configured probabilities
//! (`p_5xx + p_429 + p_hang + p_truncate <= 1`). The roll comes from a generator seeded by
//! the sandbox seed, so a test run replays the same fault sequence for the same request order.
//!
//! * `5xx`: HTTP 500 with TikTok's retryable 36009003 "Internal error" envelope.
//! * `429`: HTTP 429 + 36009002, as if TikTok throttled (counted as a fault, not as
//!   `rate_limited`).
//! * `hang`: the response is held for `hang`, then sent normally (exercises client timeouts).
//! * `truncate`: the response declares its full `Content-Length` but the connection is cut
//!   after half the body, like a dropped connection mid-transfer.
//!   On a write endpoint the write has been applied by then (as with [`WriteFaults`], which
//!   strikes writes only and leaves this sequence alone).

use crate::rng::Rng;

/// Faults of the gateway in front of the API, rolled before a request is verified, answered
/// WITHOUT TikTok's JSON envelope (issue 9.8; DOC:rate-limits: "429 is a platform-controlled
/// rate limiting measure, while 503 is a non-platform-controlled protective measure to prevent
/// server overload"). Separate from [`Faults`] so existing callers' literals stay valid.
///
/// * `p_503`: HTTP 503 Service Unavailable, plain-text body (overload).
/// * `p_429_plain`: HTTP 429 Too Many Requests, plain-text body, no `code`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct GatewayFaults {
    #[serde(default)]
    pub p_503: f64,
    #[serde(default)]
    pub p_429_plain: f64,
}

impl GatewayFaults {
    pub fn validate(&self) -> Result<(), String> {
        let ps = [self.p_503, self.p_429_plain];
        if ps
            .iter()
            .any(|p| !p.is_finite() || !(0.0..=1.0).contains(p))
        {
            return Err("gateway fault probabilities must be within 0..=1".into());
        }
        if ps.iter().sum::<f64>() > 1.0 + 1e-9 {
            return Err("gateway fault probabilities must sum to at most 1".into());
        }
        Ok(())
    }
}

/// Faults of WRITE endpoints that strike after the write was applied: the seller's change is
/// made (and counted by [`crate::Control::write_counts`]) but the reply never arrives whole
/// ("applied but reply lost", issue 10.5). A client that resends blindly ships twice; one
/// that reads TikTok's state first does not. Rolled only for writes that succeeded, from
/// their own generator, so the sequence of [`Faults`] for a seed is unchanged.
///
/// * `p_drop`: the connection is dropped before any byte of the body (the status line and
///   headers may have gone out; the body read fails).
/// * `p_truncate`: half the body is sent, then the connection is cut.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct WriteFaults {
    #[serde(default)]
    pub p_drop: f64,
    #[serde(default)]
    pub p_truncate: f64,
}

impl WriteFaults {
    pub fn validate(&self) -> Result<(), String> {
        let ps = [self.p_drop, self.p_truncate];
        if ps
            .iter()
            .any(|p| !p.is_finite() || !(0.0..=1.0).contains(p))
        {
            return Err("write fault probabilities must be within 0..=1".into());
        }
        if ps.iter().sum::<f64>() > 1.0 + 1e-9 {
            return Err("write fault probabilities must sum to at most 1".into());
        }
        Ok(())
    }
}

/// How the reply to an applied write is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyLost {
    Dropped,
    Truncated,
}

/// A gateway fault picked for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayFault {
    Overloaded,
    ThrottledPlain,
}
use serde::{Deserialize, Serialize};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Faults {
    pub p_5xx: f64,
    pub p_429: f64,
    pub p_hang: f64,
    #[serde(with = "millis")]
    pub hang: Duration,
    pub p_truncate: f64,
}

/// `hang` travels as milliseconds in JSON (`"hang": 1500`).
mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        Ok(Duration::from_millis(u64::deserialize(d)?))
    }
}

impl Faults {
    /// Checks every probability is in `[0, 1]` and that they sum to at most 1.
    pub fn validate(&self) -> Result<(), String> {
        let ps = [self.p_5xx, self.p_429, self.p_hang, self.p_truncate];
        if ps
            .iter()
            .any(|p| !p.is_finite() || !(0.0..=1.0).contains(p))
        {
            return Err("fault probabilities must be within 0..=1".into());
        }
        if ps.iter().sum::<f64>() > 1.0 + 1e-9 {
            return Err("fault probabilities must sum to at most 1".into());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    ServerError,
    TooManyRequests,
    Hang(Duration),
    Truncate,
}

#[derive(Debug)]
pub struct FaultState {
    pub faults: Faults,
    pub gateway: GatewayFaults,
    pub writes: WriteFaults,
    rng: Rng,
    write_rng: Rng,
}

impl FaultState {
    pub fn new(seed: u64) -> Self {
        Self {
            faults: Faults::default(),
            gateway: GatewayFaults::default(),
            writes: WriteFaults::default(),
            rng: Rng::new(seed ^ 0xfa17_fa17_fa17_fa17),
            write_rng: Rng::new(seed ^ 0x0a99_11ed_0a99_11ed),
        }
    }

    /// One roll for an applied write (none configured: no roll).
    pub fn roll_write(&mut self) -> Option<ReplyLost> {
        let w = self.writes;
        if w.p_drop + w.p_truncate <= 0.0 {
            return None;
        }
        let u = self.write_rng.unit();
        if u < w.p_drop {
            Some(ReplyLost::Dropped)
        } else if u < w.p_drop + w.p_truncate {
            Some(ReplyLost::Truncated)
        } else {
            None
        }
    }

    /// One roll for the gateway faults (none configured: no roll, so the API-fault sequence
    /// of a seed is unchanged).
    pub fn roll_gateway(&mut self) -> Option<GatewayFault> {
        let g = self.gateway;
        if g.p_503 + g.p_429_plain <= 0.0 {
            return None;
        }
        let u = self.rng.unit();
        if u < g.p_503 {
            Some(GatewayFault::Overloaded)
        } else if u < g.p_503 + g.p_429_plain {
            Some(GatewayFault::ThrottledPlain)
        } else {
            None
        }
    }

    pub fn roll(&mut self) -> Option<Fault> {
        let f = self.faults;
        if f.p_5xx + f.p_429 + f.p_hang + f.p_truncate <= 0.0 {
            return None;
        }
        let u = self.rng.unit();
        let mut edge = f.p_5xx;
        if u < edge {
            return Some(Fault::ServerError);
        }
        edge += f.p_429;
        if u < edge {
            return Some(Fault::TooManyRequests);
        }
        edge += f.p_hang;
        if u < edge {
            return Some(Fault::Hang(f.hang));
        }
        edge += f.p_truncate;
        if u < edge {
            return Some(Fault::Truncate);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolls_match_configured_rates() {
        let mut s = FaultState::new(1);
        s.faults = Faults {
            p_5xx: 0.1,
            p_429: 0.2,
            p_hang: 0.05,
            hang: Duration::from_millis(5),
            p_truncate: 0.15,
        };
        let mut counts = [0usize; 5];
        let n = 100_000;
        for _ in 0..n {
            let i = match s.roll() {
                Some(Fault::ServerError) => 0,
                Some(Fault::TooManyRequests) => 1,
                Some(Fault::Hang(_)) => 2,
                Some(Fault::Truncate) => 3,
                None => 4,
            };
            counts[i] += 1;
        }
        for (i, p) in [0.1, 0.2, 0.05, 0.15, 0.5].iter().enumerate() {
            let got = counts[i] as f64 / n as f64;
            assert!((got - p).abs() < 0.01, "fault {i}: {got} vs {p}");
        }
    }

    #[test]
    fn validation_rejects_bad_probabilities() {
        let bad = Faults {
            p_5xx: 0.8,
            p_429: 0.5,
            ..Faults::default()
        };
        assert!(bad.validate().is_err());
        assert!(Faults {
            p_hang: -0.1,
            ..Faults::default()
        }
        .validate()
        .is_err());
        assert!(Faults::default().validate().is_ok());
    }
}
