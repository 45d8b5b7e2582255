//! libFuzzer target over the link decoder, the scenario parser and a short simulation of
//! whatever parses (see `conlab_sim::fuzz::exercise`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    conlab_sim::fuzz::exercise(data);
});
