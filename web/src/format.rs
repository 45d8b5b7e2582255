//! Text shown to the user for numbers (plain Rust, tested natively).

/// `12345` ⇒ `"12.345 s"`.
pub fn fmt_sim_time(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1_000, ms % 1_000)
}

/// Speed relative to real time: `100` sim ms per second ⇒ `"0.1× real time"`.
pub fn fmt_speed(sim_ms_per_s: u32) -> String {
    // Thousandths written with integers: no float formatting in the page.
    let (whole, frac) = (sim_ms_per_s / 1_000, sim_ms_per_s % 1_000);
    let mut digits = format!("{frac:03}");
    while digits.ends_with('0') {
        digits.pop();
    }
    match digits.is_empty() {
        true => format!("{whole}× real time"),
        false => format!("{whole}.{digits}× real time"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sim_time_reads_as_seconds_with_millis() {
        assert_eq!(fmt_sim_time(0), "0.000 s");
        assert_eq!(fmt_sim_time(7), "0.007 s");
        assert_eq!(fmt_sim_time(12_345), "12.345 s");
    }

    #[test]
    fn speed_reads_relative_to_real_time() {
        assert_eq!(fmt_speed(5), "0.005× real time");
        assert_eq!(fmt_speed(50), "0.05× real time");
        assert_eq!(fmt_speed(2_500), "2.5× real time");
        assert_eq!(fmt_speed(10), "0.01× real time");
        assert_eq!(fmt_speed(100), "0.1× real time");
        assert_eq!(fmt_speed(1_000), "1× real time");
        assert_eq!(fmt_speed(10_000), "10× real time");
    }
}
