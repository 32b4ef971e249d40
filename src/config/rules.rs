//! The ranges every setting is held to, whether it comes from the config file, a flag or the
//! environment (`Config::broken_value` applies them after flags are merged in). Each returns
//! what is allowed, in words, when the value is outside it.

/// A day: longer than that is not a refresh. (Also keeps `Duration` arithmetic far from
/// overflow: an interval is multiplied by a pane's factor, at most 10.)
pub const MAX_REFRESH_SECONDS: u64 = 86_400;
/// The fewest calls per second worth configuring: below it a first page waits minutes.
pub const MIN_API_RATE: f64 = 0.1;
pub const MAX_API_RATE: f64 = 1_000.0;
pub const MAX_API_BURST: u32 = 1_000;
pub const MAX_IDLE_DAYS: u32 = 3_650;
/// WorkSpaces the emulator generates per Region (demo and `wsfleet sim` alike): enough for
/// the benchmarks, small enough to fit in memory.
pub const MAX_FLEET_SIZE: usize = 200_000;

pub fn refresh_seconds(v: u64) -> Result<(), String> {
    in_range(
        (1..=MAX_REFRESH_SECONDS).contains(&v),
        format!("a whole number of seconds from 1 to {MAX_REFRESH_SECONDS}"),
    )
}

pub fn idle_days(v: u32) -> Result<(), String> {
    in_range(
        (1..=MAX_IDLE_DAYS).contains(&v),
        format!("a whole number of days from 1 to {MAX_IDLE_DAYS}"),
    )
}

/// Calls per second: a finite number (NaN and infinity are refused).
pub fn api_rate(v: f64) -> Result<(), String> {
    in_range(
        v.is_finite() && (MIN_API_RATE..=MAX_API_RATE).contains(&v),
        format!("a number of calls per second from {MIN_API_RATE} to {MAX_API_RATE}"),
    )
}

pub fn api_burst(v: u32) -> Result<(), String> {
    in_range(
        (1..=MAX_API_BURST).contains(&v),
        format!("a whole number of calls from 1 to {MAX_API_BURST}"),
    )
}

pub fn fleet_size(v: usize) -> Result<(), String> {
    in_range(
        v <= MAX_FLEET_SIZE,
        format!("at most {MAX_FLEET_SIZE} WorkSpaces"),
    )
}

fn in_range(ok: bool, allowed: String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(allowed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_numbers_are_refused() {
        for bad in [0.0, -5.0, f64::NAN, f64::INFINITY, 1e-9, 1e9] {
            assert!(api_rate(bad).is_err(), "{bad}");
        }
        assert!(api_rate(2.0).is_ok());
        assert!(refresh_seconds(2_000_000_000_000_000_000).is_err());
        assert!(refresh_seconds(0).is_err());
        assert!(refresh_seconds(30).is_ok());
        assert!(fleet_size(20_000_000).is_err());
        assert!(fleet_size(50_000).is_ok());
        assert!(api_burst(0).is_err());
        assert!(idle_days(0).is_err());
    }
}
