//! `unserved_variant`: a variant no evaluation can return.
//!
//! "Served" means: the `offVariant` (what the kill switch serves), the default unless a
//! catch-all rule decides for everybody first, and every variant of a rule that can decide
//! (a split's variants of weight 0 excepted). A rollout at 0% counts as serving its variant:
//! it is staged, not dead. Times are from `--now` on. A variant that only a prerequisite of
//! another flag names is still unserved, and the message says so: that prerequisite can only
//! hold through the flag's other variants.

use crate::lint::analysis::{action_variants, Analyses, Fate};
use crate::lint::model::Flag;
use crate::lint::{rule_text, Kind, Report};

/// Reports each variant outside what the flag can serve.
pub fn check(report: &mut Report, analyses: &Analyses, flag: &Flag) {
    if !report.wants(Kind::UnservedVariant) {
        return;
    }
    let (Some(mut served), Some(analysis), Some(rules)) = (
        analyses.ever_served(flag),
        analyses.of(flag.key),
        flag.rules.as_ref(),
    ) else {
        return;
    };
    // Staged rollouts (0% from now on) still count as serving their variants.
    for (rule, fate) in rules.iter().zip(&analysis.fates) {
        if *fate == Fate::Idle {
            served.extend(action_variants(rule).into_iter().map(str::to_owned));
        }
    }
    for (variant, _) in &flag.variants {
        if served.contains(*variant) {
            continue;
        }
        let mut message = if *variant == flag.default {
            let first = analysis
                .catch_all
                .and_then(|i| rules.get(i))
                .map_or_else(|| "a rule".to_owned(), rule_text);
            format!(
                "variant {variant:?} is never served: it is the default, but {first} decides \
                 for everybody first, and it is not the offVariant"
            )
        } else {
            format!(
                "variant {variant:?} is never served: no rule that can decide serves it, and \
                 it is not the default or the offVariant"
            )
        };
        let required = required_by(analyses, flag.key, variant);
        if !required.is_empty() {
            message.push_str(&format!(
                "; yet {} require{} it",
                required.join(", "),
                if required.len() == 1 { "s" } else { "" }
            ));
        }
        report.add(
            Kind::UnservedVariant,
            flag.path.key("variants").key(variant),
            Some(flag.key),
            message,
        );
    }
}

/// The prerequisites (as paths) of other flags that list `variant` of flag `key`.
fn required_by(analyses: &Analyses, key: &str, variant: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for other in &analyses.doc().flags {
        for (i, prerequisite) in other.prerequisites.iter().enumerate() {
            if prerequisite.flag == key && prerequisite.variants.contains(&variant) {
                paths.push(other.path.key("prerequisites").index(i).to_string());
            }
        }
    }
    paths
}
