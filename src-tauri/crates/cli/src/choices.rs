//! The fixed words the CLI accepts, taken from core so the two cannot drift. An unknown word is
//! refused by clap with the list of valid ones, before anything runs. When core's enums land,
//! each list here becomes that enum's values and nothing else in the CLI changes.

use clap::builder::PossibleValuesParser;
use shopdock_core::sync::plan::STATUS_GROUPS;

/// `--status`: core's tabs; `unknown` for statuses core does not know yet; `all` for no filter.
pub fn status_group() -> PossibleValuesParser {
    PossibleValuesParser::new(STATUS_GROUPS.into_iter().chain(["unknown", "all"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tab_of_core_is_a_valid_status_and_nothing_else_is() {
        let cmd = clap::Command::new("t").arg(
            clap::Arg::new("status")
                .long("status")
                .value_parser(status_group()),
        );
        for group in STATUS_GROUPS.into_iter().chain(["all", "unknown"]) {
            let m = cmd
                .clone()
                .try_get_matches_from(["t", "--status", group])
                .unwrap();
            assert_eq!(m.get_one::<String>("status").unwrap(), group);
        }
        let refused = cmd
            .try_get_matches_from(["t", "--status", "To_Ship "])
            .unwrap_err();
        assert_eq!(refused.kind(), clap::error::ErrorKind::InvalidValue);
    }
}
