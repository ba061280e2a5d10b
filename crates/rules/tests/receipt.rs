//! Every result is a replayable receipt: its inputs, checked again under the same policy and
//! date, give the same answer.

use policy::Library;
use rules::eligibility;
use rules::profile::Profile;

#[test]
fn a_receipt_replays_to_the_same_report() {
    let lib = Library::embedded().unwrap();
    for file in [
        "inner-mongolia-2020",
        "xinjiang-2019",
        "shuozhou-2016",
        "anshan-2020",
    ] {
        let text = std::fs::read_to_string(format!(
            "{}/tests/profiles/{file}.toml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let profile = Profile::from_toml(&text, &lib.facts).unwrap();
        let m = lib.get(file).unwrap();
        let first = eligibility::check(&lib, m, &profile);
        let inputs = serde_json::to_string(&first.receipt.inputs).unwrap();
        let replayed_profile = Profile::from_json(&inputs, &lib.facts).unwrap();
        assert_eq!(
            replayed_profile, profile,
            "{file}: the receipt's inputs read back as the same profile"
        );
        let again = eligibility::check(
            &lib,
            lib.get(&first.receipt.policy_id).unwrap(),
            &replayed_profile,
        );
        assert_eq!(again, first, "{file}");
        assert_eq!(first.receipt.policy_hash, m.hash.to_string());
    }
}
