//! `--override FLAG=VARIANT` on the evaluating commands (eval, explain, simulate): local
//! overrides set through the core's `Engine::set_override`, so the CLI forces variants exactly
//! as the SDKs do (reason `OVERRIDE`, seen by the flags that depend on them).

use crate::error::CliError;
use clap::Args;
use rollgate::{Engine, Ruleset};
use std::sync::Arc;

/// The `--override` option, shared by every command that evaluates.
#[derive(Debug, Args)]
pub struct OverrideArgs {
    /// Force FLAG to serve VARIANT (repeatable; the last one for a flag wins). The result's
    /// reason is OVERRIDE, and flags that have FLAG as a prerequisite see VARIANT.
    #[arg(long = "override", value_name = "FLAG=VARIANT", value_parser = parse_override)]
    pub overrides: Vec<(String, String)>,
}

impl OverrideArgs {
    /// `ruleset` with the overrides set, in the order given. An unknown flag or variant is a
    /// usage error naming the option, the flag and the variant (with a "did you mean").
    pub fn apply(&self, ruleset: Ruleset) -> Result<Arc<Ruleset>, CliError> {
        let engine = Engine::new(ruleset);
        for (flag, variant) in &self.overrides {
            engine
                .set_override(flag, variant)
                .map_err(|e| CliError::Usage(format!("--override {flag}={variant}: {e}")))?;
        }
        Ok(engine.snapshot())
    }
}

/// Parses one `--override`: `FLAG=VARIANT`, both non-empty (split at the first `=`).
fn parse_override(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((flag, variant)) if !flag.is_empty() && !variant.is_empty() => {
            Ok((flag.to_owned(), variant.to_owned()))
        }
        _ => Err(format!(
            "expected FLAG=VARIANT (e.g. new-checkout=on), found {text:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_is_flag_equals_variant() {
        assert_eq!(parse_override("a=b"), Ok(("a".into(), "b".into())));
        assert_eq!(parse_override("a=b=c"), Ok(("a".into(), "b=c".into())));
        for bad in ["a", "=b", "a=", ""] {
            assert_eq!(
                parse_override(bad),
                Err(format!(
                    "expected FLAG=VARIANT (e.g. new-checkout=on), found {bad:?}"
                ))
            );
        }
    }
}
