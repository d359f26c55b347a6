//! The per-client rate limit: a token bucket per client, in this instance's memory. Behind a
//! load balancer with several instances each keeps its own buckets, so a client gets at most
//! the limit times the number of instances.

use crate::config::RateLimit;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

#[derive(Debug)]
pub struct Limiter {
    limit: RateLimit,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// The key of a client: its address, or its /64 for IPv6 (one subscriber's whole network).
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
}

impl Limiter {
    pub fn new(limit: RateLimit) -> Limiter {
        Limiter {
            limit,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn refill_per_sec(&self) -> f64 {
        f64::from(self.limit.per_minute) / 60.0
    }

    fn burst(&self) -> f64 {
        f64::from(self.limit.burst)
    }

    /// Takes a token for `client` at `now`; `Err` says how long until one is back.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let key = client_key(client);
        let rate = self.refill_per_sec();
        let burst = self.burst();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Err(Duration::from_secs(1));
        };
        if !buckets.contains_key(&key) && buckets.len() >= self.limit.max_clients {
            // Buckets that have filled up again say nothing a new bucket would not.
            buckets.retain(|_, b| level(b, now, rate, burst) < burst);
            if buckets.len() >= self.limit.max_clients {
                return Err(Duration::from_secs(60));
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: burst,
            last: now,
        });
        bucket.tokens = level(bucket, now, rate, burst);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else if rate > 0.0 {
            Err(Duration::from_secs_f64(
                ((1.0 - bucket.tokens) / rate).clamp(1.0, 3600.0),
            ))
        } else {
            Err(Duration::from_secs(3600))
        }
    }
}

fn level(b: &Bucket, now: Instant, rate: f64, burst: f64) -> f64 {
    let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
    (b.tokens + elapsed * rate).min(burst)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(burst: u32, per_minute: u32, max_clients: usize) -> Limiter {
        Limiter::new(RateLimit {
            burst,
            per_minute,
            max_clients,
        })
    }

    #[test]
    fn a_burst_then_one_token_per_interval() {
        let l = limiter(3, 6, 10);
        let t0 = Instant::now();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for i in 0..3 {
            assert!(l.take(ip, t0).is_ok(), "token {i}");
        }
        let wait = l.take(ip, t0).unwrap_err();
        assert_eq!(wait, Duration::from_secs(10));
        // Another client has its own bucket.
        assert!(l.take("192.0.2.2".parse().unwrap(), t0).is_ok());
        // 6 per minute: one token back after 10 seconds, not before.
        assert!(l.take(ip, t0 + Duration::from_secs(9)).is_err());
        assert!(l.take(ip, t0 + Duration::from_secs(20)).is_ok());
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let l = limiter(1, 1, 10);
        let t0 = Instant::now();
        assert!(l.take("2001:db8:1:2::1".parse().unwrap(), t0).is_ok());
        assert!(l.take("2001:db8:1:2::ffff".parse().unwrap(), t0).is_err());
        assert!(l.take("2001:db8:1:3::1".parse().unwrap(), t0).is_ok());
        // An IPv4-mapped address is the IPv4 client.
        assert!(l.take("198.51.100.1".parse().unwrap(), t0).is_ok());
        assert!(l.take("::ffff:198.51.100.1".parse().unwrap(), t0).is_err());
    }

    #[test]
    fn the_table_of_clients_is_bounded() {
        let l = limiter(1, 60, 2);
        let t0 = Instant::now();
        assert!(l.take("192.0.2.1".parse().unwrap(), t0).is_ok());
        assert!(l.take("192.0.2.2".parse().unwrap(), t0).is_ok());
        // Full of active clients: a third waits.
        assert!(l.take("192.0.2.3".parse().unwrap(), t0).is_err());
        // Once the others have refilled, their buckets are dropped to make room.
        assert!(l
            .take("192.0.2.3".parse().unwrap(), t0 + Duration::from_secs(2))
            .is_ok());
    }
}
