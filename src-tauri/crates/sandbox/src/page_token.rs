//! Opaque keyset page tokens for Search Orders.
//!
//! TikTok's `next_page_token` is an opaque standard-base64 string that can contain `+` and `/`
//! (fact sheet §5), so a client that forgets to URL-encode it breaks. The sandbox mimics that:
//! the token is standard base64 (no padding needed: 42 bytes) of
//! `nonce(6) || keystream-xor(version, sort field, sort order, time, id, filter hash, mac)`.
//!
//! * The cursor is the `(sort time, order id)` of the last order returned, so paging is keyset
//!   paging: stable under inserts and exact for any number of orders.
//! * `filter hash` binds the token to the request body it was issued for: replaying a token with
//!   another filter or sort is rejected, as is any garbled or forged token (the MAC is keyed
//!   with a per-seed key). The real API's behaviour for such misuse is UNCONFIRMED; rejecting it
//!   catches client bugs early.

use crate::rng::{derive, mix64, Rng};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// Version byte of a keyset cursor.
const VERSION: u8 = 1;
/// Version byte of an offset cursor (`time` holds the offset; see
/// [`crate::SandboxConfig::search_index_lag`]).
const VERSION_OFFSET: u8 = 2;
const BODY_LEN: usize = 1 + 1 + 1 + 8 + 8 + 8 + 8;
const NONCE_LEN: usize = 6;
const TOTAL_LEN: usize = NONCE_LEN + BODY_LEN + 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// `time` is an offset into the results, not a sort time.
    pub offset_paging: bool,
    pub by_update: bool,
    pub ascending: bool,
    pub time: i64,
    pub id: u64,
    pub filter_hash: u64,
}

#[derive(Debug, Clone)]
pub struct TokenCodec {
    key: u64,
}

fn keyed_hash(key: u64, bytes: &[u8]) -> u64 {
    let mut h = mix64(key ^ 0x7061_6765_746f_6b6e);
    for chunk in bytes.chunks(8) {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        h = mix64(h ^ u64::from_le_bytes(buf));
    }
    h
}

fn keystream(key: u64, nonce: &[u8], buf: &mut [u8]) {
    let mut n = [0u8; 8];
    n[..nonce.len()].copy_from_slice(nonce);
    let mut rng = Rng::new(mix64(key ^ u64::from_le_bytes(n)));
    for chunk in buf.chunks_mut(8) {
        let ks = rng.next_u64().to_le_bytes();
        for (b, k) in chunk.iter_mut().zip(ks) {
            *b ^= k;
        }
    }
}

impl TokenCodec {
    pub fn new(seed: u64) -> Self {
        Self {
            key: derive(seed, &[0x746f_6b65_6e73]),
        }
    }

    pub fn encode(&self, c: &Cursor) -> String {
        let mut body = Vec::with_capacity(BODY_LEN + 1);
        body.push(if c.offset_paging {
            VERSION_OFFSET
        } else {
            VERSION
        });
        body.push(u8::from(c.by_update));
        body.push(u8::from(c.ascending));
        body.extend_from_slice(&c.time.to_be_bytes());
        body.extend_from_slice(&c.id.to_be_bytes());
        body.extend_from_slice(&c.filter_hash.to_be_bytes());
        let mac = keyed_hash(self.key, &body);
        body.extend_from_slice(&mac.to_be_bytes());
        body.push(0);
        // A nonce derived from the cursor makes successive tokens look unrelated while keeping
        // encoding deterministic.
        let nonce_full = keyed_hash(self.key ^ 0x006e_6f6e_6365, &body).to_le_bytes();
        let nonce = &nonce_full[..NONCE_LEN];
        keystream(self.key, nonce, &mut body);
        let mut out = Vec::with_capacity(TOTAL_LEN);
        out.extend_from_slice(nonce);
        out.extend_from_slice(&body);
        STANDARD.encode(out)
    }

    /// `None` for anything this codec did not issue.
    pub fn decode(&self, token: &str) -> Option<Cursor> {
        let raw = STANDARD.decode(token.as_bytes()).ok()?;
        if raw.len() != TOTAL_LEN {
            return None;
        }
        let (nonce, rest) = raw.split_at(NONCE_LEN);
        let mut body = rest.to_vec();
        keystream(self.key, nonce, &mut body);
        let offset_paging = match body[0] {
            VERSION => false,
            VERSION_OFFSET => true,
            _ => return None,
        };
        if body[BODY_LEN] != 0 {
            return None;
        }
        let u64_at = |i: usize| -> Option<u64> {
            Some(u64::from_be_bytes(body.get(i..i + 8)?.try_into().ok()?))
        };
        let mac = u64_at(BODY_LEN - 8)?;
        if keyed_hash(self.key, &body[..BODY_LEN - 8]) != mac {
            return None;
        }
        let by_update = match body[1] {
            0 => false,
            1 => true,
            _ => return None,
        };
        let ascending = match body[2] {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(Cursor {
            offset_paging,
            by_update,
            ascending,
            time: u64_at(3)? as i64,
            id: u64_at(11)?,
            filter_hash: u64_at(19)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(i: u64) -> Cursor {
        Cursor {
            offset_paging: i.is_multiple_of(5),
            by_update: i.is_multiple_of(2),
            ascending: i.is_multiple_of(3),
            time: 1_700_000_000 + i as i64,
            id: 576_400_000_000_000_000 + i * 7919,
            filter_hash: i.wrapping_mul(0x9e37),
        }
    }

    #[test]
    fn round_trips_and_uses_the_full_base64_alphabet() {
        let codec = TokenCodec::new(5);
        let mut saw_special = false;
        for i in 0..200 {
            let c = cursor(i);
            let t = codec.encode(&c);
            saw_special |= t.contains('+') || t.contains('/');
            assert_eq!(codec.decode(&t), Some(c));
        }
        assert!(saw_special, "tokens should contain + or / like TikTok's");
    }

    #[test]
    fn garbled_forged_or_foreign_tokens_are_rejected() {
        let codec = TokenCodec::new(5);
        let t = codec.encode(&cursor(3));
        let mut bytes = t.clone().into_bytes();
        bytes[20] = if bytes[20] == b'A' { b'B' } else { b'A' };
        let garbled = String::from_utf8(bytes).unwrap();
        assert_eq!(codec.decode(&garbled), None);
        assert_eq!(codec.decode("not a token"), None);
        assert_eq!(codec.decode(""), None);
        assert_eq!(TokenCodec::new(6).decode(&t), None);
        // An unencoded '+' arrives as a space after query decoding.
        assert_eq!(
            codec.decode(&t.replace('+', " ")),
            codec.decode(&t).filter(|_| !t.contains('+'))
        );
    }
}
