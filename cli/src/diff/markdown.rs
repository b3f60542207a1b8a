//! The report as Markdown for a pull-request comment (GitHub Flavored): a summary table of
//! the flags, then warnings, segments and each flag's changes and impact table. Every name
//! is a code span and every other text is escaped ([`super::sentence`]), so a flag key or
//! condition can never break the layout or inject markup.

use super::report::{EnvironmentReport, FlagReport, Report};
use super::sentence::{markdown_code, markdown_text, Sentence};
use crate::output::{format_time, percent};
use std::io::{self, Write};

/// Writes the report.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Rollgate diff")?;
    writeln!(out)?;
    let mut intro = format!(
        "{} → {}, at {}",
        markdown_code(&report.old),
        markdown_code(&report.new),
        markdown_text(&format_time(report.now))
    );
    match &report.sample {
        Some(sample) => {
            intro.push_str(&format!(
                ", over {} users of {}",
                sample.users,
                markdown_code(&sample.source)
            ));
            if sample.invalid_lines > 0 {
                let lines: Vec<String> = sample
                    .first_invalid
                    .iter()
                    .map(|l| l.line.to_string())
                    .collect();
                intro.push_str(&format!(
                    " ({} lines left out: not valid contexts, e.g. line {})",
                    sample.invalid_lines,
                    lines.join(", ")
                ));
            }
        }
        None => intro.push_str(" (no context sample: effects as the definitions tell them)"),
    }
    writeln!(out, "{intro}")?;
    for environment in &report.environments {
        write_environment(environment, out)?;
    }
    Ok(())
}

fn write_environment(environment: &EnvironmentReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(name) = &environment.name {
        writeln!(out)?;
        writeln!(
            out,
            "### Environment {}: {}",
            markdown_code(name),
            environment.status.word()
        )?;
    }
    for change in &environment.changes {
        writeln!(out)?;
        writeln!(out, "{}", change.text.markdown())?;
    }
    if environment.status == super::report::Status::Unchanged {
        writeln!(out)?;
        writeln!(out, "No changes.")?;
        return Ok(());
    }
    if !environment.warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "#### Warnings ({})", environment.warnings.len())?;
        writeln!(out)?;
        for warning in &environment.warnings {
            writeln!(out, "- {}", warning.text.markdown())?;
        }
    }
    if !environment.segments.is_empty() {
        writeln!(out)?;
        writeln!(out, "#### Segments")?;
        writeln!(out)?;
        for segment in &environment.segments {
            for change in &segment.changes {
                writeln!(
                    out,
                    "- {} {}: {}",
                    markdown_code(&segment.segment),
                    segment.status.word(),
                    change.text.markdown()
                )?;
                if let Some(effect) = &change.effect {
                    writeln!(out, "  - {}", effect.markdown())?;
                }
            }
        }
    }
    if environment.flags.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "#### Flags: {}",
        markdown_text(&environment.flag_counts())
    )?;
    writeln!(out)?;
    let sampled = environment.flags.iter().any(|f| f.impact.is_some());
    if sampled {
        writeln!(out, "| Flag | Status | Users with another value |")?;
        writeln!(out, "| --- | --- | ---: |")?;
    } else {
        writeln!(out, "| Flag | Status |")?;
        writeln!(out, "| --- | --- |")?;
    }
    for flag in &environment.flags {
        let users = match &flag.impact {
            Some(impact) => format!(
                " {} of {} ({}) |",
                impact.changed,
                impact.users,
                percent(impact.changed, impact.users)
            ),
            None if sampled => " |".to_owned(),
            None => String::new(),
        };
        writeln!(
            out,
            "| {} | {} |{users}",
            markdown_code(&flag.flag),
            flag.status.word()
        )?;
    }
    for flag in &environment.flags {
        write_flag(flag, out)?;
    }
    Ok(())
}

fn write_flag(flag: &FlagReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "##### {} ({})",
        markdown_code(&flag.flag),
        flag.status.word()
    )?;
    writeln!(out)?;
    for change in &flag.changes {
        writeln!(out, "- {}", change.text.markdown())?;
        if let Some(effect) = &change.effect {
            writeln!(out, "  - {}", effect.markdown())?;
        }
    }
    let Some(impact) = &flag.impact else {
        return Ok(());
    };
    if impact.transitions.is_empty() {
        writeln!(out)?;
        writeln!(out, "No user of the sample gets another value.")?;
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "| Before → now | Users | Decided by (before → now) |")?;
    writeln!(out, "| --- | ---: | --- |")?;
    for transition in &impact.transitions {
        writeln!(
            out,
            "| {} | {} ({}) | {} |",
            transition.words().markdown(),
            transition.users,
            percent(transition.users, impact.users),
            transition.rules_words(Sentence::markdown)
        )?;
    }
    Ok(())
}
