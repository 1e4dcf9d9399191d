//! The fixed words the CLI accepts are core's enums: clap refuses an unknown word with the list
//! of valid ones, before anything runs, so the CLI holds no word list of its own.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use shopdock_core::words::{all, parse_word, UnknownWord};
use shopdock_core::{Region, StatusGroup};
use strum::VariantNames;

/// What `--status` selects: one tab, or every order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabChoice {
    All,
    Tab(StatusGroup),
}

impl TabChoice {
    pub fn group(self) -> Option<StatusGroup> {
        match self {
            TabChoice::All => None,
            TabChoice::Tab(g) => Some(g),
        }
    }
}

/// `--status`: core's tabs, or `all` for no filter.
pub fn status_group() -> impl TypedValueParser<Value = TabChoice> {
    let words: Vec<&'static str> = StatusGroup::VARIANTS
        .iter()
        .copied()
        .chain(["all"])
        .collect();
    PossibleValuesParser::new(words).map(|word| {
        all::<StatusGroup>()
            .iter()
            .find(|g| g.as_str() == word)
            .map_or(TabChoice::All, |g| TabChoice::Tab(*g))
    })
}

/// `--region`: US or ROW, in any case.
pub fn region(word: &str) -> Result<Region, UnknownWord> {
    parse_word("region", &word.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(word: &str) -> Result<TabChoice, clap::Error> {
        let cmd = clap::Command::new("t").arg(
            clap::Arg::new("status")
                .long("status")
                .value_parser(status_group()),
        );
        cmd.try_get_matches_from(["t", "--status", word])
            .map(|m| *m.get_one::<TabChoice>("status").unwrap())
    }

    #[test]
    fn every_tab_of_core_is_a_valid_status_and_nothing_else_is() {
        for group in all::<StatusGroup>() {
            assert_eq!(matches(group.as_str()).unwrap(), TabChoice::Tab(*group));
        }
        assert_eq!(matches("all").unwrap(), TabChoice::All);
        let refused = matches("To_Ship ").unwrap_err();
        assert_eq!(refused.kind(), clap::error::ErrorKind::InvalidValue);
    }

    #[test]
    fn regions_are_read_in_any_case_and_others_name_the_valid_ones() {
        assert_eq!(region("row").unwrap(), Region::Row);
        let e = region("eu").unwrap_err().to_string();
        assert!(e.contains("US, ROW"), "{e}");
    }
}
