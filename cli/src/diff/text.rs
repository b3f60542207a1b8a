//! The report as text for a terminal: warnings first, then segments, then each flag with its
//! changes (effects indented below them) and, with a sample, who gets another value.
//!
//! Marks: `+` added, `-` removed, `~` changed, `*` affected (same definition, but a segment
//! or prerequisite it depends on changed).

use super::report::{EnvironmentReport, FlagReport, Impact, Report, Sample};
use super::sentence::{quoted, Sentence};
use crate::output::{format_time, percent, Align, Table};
use std::io::{self, Write};

/// Writes the report.
pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} → {}", report.old, report.new)?;
    match &report.sample {
        Some(sample) => {
            writeln!(
                out,
                "at {}, over {} users of {}",
                format_time(report.now),
                sample.users,
                sample.source
            )?;
            write_invalid(sample, out)?;
        }
        None => writeln!(
            out,
            "at {} (no --contexts: effects as the definitions tell them)",
            format_time(report.now)
        )?,
    }
    for environment in &report.environments {
        write_environment(environment, out)?;
    }
    Ok(())
}

fn write_invalid(sample: &Sample, out: &mut dyn Write) -> io::Result<()> {
    if sample.invalid_lines == 0 {
        return Ok(());
    }
    writeln!(
        out,
        "{} line{} of {} {} not valid contexts and {} left out:",
        sample.invalid_lines,
        if sample.invalid_lines == 1 { "" } else { "s" },
        sample.source,
        if sample.invalid_lines == 1 {
            "is"
        } else {
            "are"
        },
        if sample.invalid_lines == 1 {
            "was"
        } else {
            "were"
        },
    )?;
    for line in &sample.first_invalid {
        writeln!(out, "  line {}: {}", line.line, line.error)?;
    }
    if sample.invalid_lines > sample.first_invalid.len() {
        writeln!(
            out,
            "  … {} more",
            sample.invalid_lines - sample.first_invalid.len()
        )?;
    }
    Ok(())
}

fn write_environment(environment: &EnvironmentReport, out: &mut dyn Write) -> io::Result<()> {
    if let Some(name) = &environment.name {
        writeln!(out)?;
        let revision = |r: Option<u64>| r.map_or("-".to_owned(), |r| r.to_string());
        writeln!(
            out,
            "environment {}: {} (revision {} → {})",
            quoted(name),
            environment.status.word(),
            revision(environment.revision.old),
            revision(environment.revision.new)
        )?;
    }
    for change in &environment.changes {
        // A named environment's header already gives the revisions.
        if environment.name.is_some() && change.kind == super::report::ChangeKind::Revision {
            continue;
        }
        writeln!(out, "{}", change.text)?;
    }
    if environment.status == super::report::Status::Unchanged {
        writeln!(out, "no changes")?;
        return Ok(());
    }
    if !environment.warnings.is_empty() {
        writeln!(out)?;
        writeln!(out, "warnings:")?;
        for warning in &environment.warnings {
            writeln!(out, "  ! {}", warning.text)?;
        }
    }
    if !environment.segments.is_empty() {
        writeln!(out)?;
        writeln!(out, "segments:")?;
        for segment in &environment.segments {
            writeln!(out, "{} {}", segment.status.mark(), segment.segment)?;
            for change in &segment.changes {
                write_lines(out, &change.text, change.effect.as_ref())?;
            }
        }
    }
    if !environment.flags.is_empty() || environment.unchanged_flags > 0 {
        writeln!(out)?;
        writeln!(out, "flags: {}", environment.flag_counts())?;
        for flag in &environment.flags {
            write_flag(flag, out)?;
        }
    }
    Ok(())
}

/// `    - text` and, below it, `      effect`.
fn write_lines(out: &mut dyn Write, text: &Sentence, effect: Option<&Sentence>) -> io::Result<()> {
    writeln!(out, "    - {text}")?;
    if let Some(effect) = effect {
        writeln!(out, "      {effect}")?;
    }
    Ok(())
}

fn write_flag(flag: &FlagReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{} {}", flag.status.mark(), flag.flag)?;
    for change in &flag.changes {
        write_lines(out, &change.text, change.effect.as_ref())?;
    }
    if let Some(impact) = &flag.impact {
        write_impact(impact, out)?;
    }
    Ok(())
}

fn write_impact(impact: &Impact, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "    users: {} of {} ({}) get another value",
        impact.changed,
        impact.users,
        percent(impact.changed, impact.users)
    )?;
    let mut table = Table::new(&[Align::Left, Align::Right, Align::Right, Align::Left]);
    for transition in &impact.transitions {
        table.row(vec![
            transition.words().to_string(),
            transition.users.to_string(),
            percent(transition.users, impact.users),
            transition.rules_words(ToString::to_string),
        ]);
    }
    table.write(out, "      ")
}
