//! Shared formatting: evaluation results, times, JSON and aligned tables. (Problems print
//! themselves: `rollgate_project::Problem` is `file:line:column: path: message [kind]`.)
//!
//! The bottom layer of the crate: it imports nothing from the crate, and its writers return
//! plain `io::Result`. The commands turn I/O failures into `CliError`s with `?`, so the
//! imports run one way only: `output` ← `error` ← `load`, `commands`.

use rollgate::EvaluationResult;
use rollgate_project::Problems;
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};

/// "1 problem", "3 problems".
pub fn problem_count(count: usize) -> String {
    format!("{count} problem{}", if count == 1 { "" } else { "s" })
}

/// Writes one problem per line (`file:line:column: path: message [kind]`) to `out`, then
/// `summary` on stderr: stdout stays one problem per line for tools, and the summary comes
/// after the problems also on a terminal, where stdout is buffered and stderr is not.
pub fn write_problems(out: &mut dyn Write, problems: &Problems, summary: &str) -> io::Result<()> {
    for problem in &problems.list {
        writeln!(out, "{problem}")?;
    }
    out.flush()?;
    eprintln!("{summary}");
    Ok(())
}

/// A one-line summary of a result: `true (variant "on", SPLIT, rule "mobile")`.
pub fn describe(result: &EvaluationResult) -> String {
    format!("{} ({})", value_text(result), details(result))
}

/// The value served as compact JSON, or `no value` (on error).
pub fn value_text(result: &EvaluationResult) -> String {
    match &result.value {
        Some(value) => json_text(&value.to_json().into()),
        None => "no value".to_owned(),
    }
}

/// Compact JSON for people: a whole number prints as `50`, not `50.0` (number flags hold an
/// f64, which serde_json always writes with a fraction).
pub fn json_text(value: &Value) -> String {
    match value.as_f64() {
        Some(n) if value.is_f64() && n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
            format!("{}", n as i64)
        }
        _ => value.to_string(),
    }
}

/// Variant, reason, error code, rule and notes: `variant "on", SPLIT, rule "mobile"`.
pub fn details(result: &EvaluationResult) -> String {
    let mut details = Vec::new();
    if let Some(variant) = &result.variant {
        details.push(format!("variant {variant:?}"));
    }
    details.push(result.reason.to_string());
    if let Some(code) = result.error_code {
        details.push(code.to_string());
    }
    if let Some(rule) = &result.rule_id {
        details.push(format!("rule {rule:?}"));
    }
    if let Some(flag) = &result.failed_prerequisite {
        details.push(format!("prerequisite {flag:?} failed"));
    }
    if let Some(unit) = &result.unit_missing {
        details.push(format!(
            "no usable {unit:?}: a rollout or split was skipped"
        ));
    }
    details.join(", ")
}

/// An instant as RFC 3339 UTC, or as raw milliseconds outside years 0000–9999.
pub fn format_time(ms: i64) -> String {
    rollgate::time::format_instant(ms)
}

/// The system clock in epoch milliseconds: the CLI's default `--now` (the core never reads it).
pub fn system_now() -> i64 {
    let elapsed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    match elapsed {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        // A clock set before 1970: negative milliseconds.
        Err(e) => i64::try_from(e.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

/// `part` as a percentage of `total`, one decimal (`12.3%`); `-` when total is 0.
pub fn percent(part: usize, total: usize) -> String {
    if total == 0 {
        "-".to_owned()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / total as f64)
    }
}

/// Writes a value as pretty JSON followed by a newline.
pub fn write_json(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(out, "{text}")
}

/// Writes a value as one line of JSON (for JSON-lines output).
pub fn write_json_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string(value)?;
    writeln!(out, "{text}")
}

/// Column alignment in a [`Table`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Pad on the right (text).
    Left,
    /// Pad on the left (numbers).
    Right,
}

/// A plain-text table with aligned columns, two spaces apart.
pub struct Table {
    aligns: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose columns are aligned as given.
    pub fn new(aligns: &[Align]) -> Table {
        Table {
            aligns: aligns.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Writes the rows, each line indented by `indent` and without trailing spaces.
    pub fn write(&self, out: &mut dyn Write, indent: &str) -> io::Result<()> {
        let columns = self.aligns.len();
        let mut widths = vec![0; columns];
        for row in &self.rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        for row in &self.rows {
            let mut line = String::from(indent);
            for (i, ((width, align), cell)) in widths.iter().zip(&self.aligns).zip(row).enumerate()
            {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(width - cell.chars().count());
                match align {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&pad);
                    }
                    Align::Right => {
                        line.push_str(&pad);
                        line.push_str(cell);
                    }
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns() {
        let mut table = Table::new(&[Align::Left, Align::Right]);
        table.row(vec!["on".into(), "7".into()]);
        table.row(vec!["off".into(), "1000".into()]);
        let mut out = Vec::new();
        table.write(&mut out, "  ").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "  on      7\n  off  1000\n"
        );
    }

    #[test]
    fn whole_numbers_print_without_fraction() {
        assert_eq!(json_text(&serde_json::json!(50.0)), "50");
        assert_eq!(json_text(&serde_json::json!(-2.0)), "-2");
        assert_eq!(json_text(&serde_json::json!(2.5)), "2.5");
        assert_eq!(json_text(&serde_json::json!(1e300)), "1e+300");
        assert_eq!(json_text(&serde_json::json!("x")), "\"x\"");
    }

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(0, 0), "-");
    }
}
