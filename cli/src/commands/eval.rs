//! `rollgate eval`: flag values for one context, or for each line of a JSON-lines file.

use super::require_flag;
use crate::args::EvalArgs;
use crate::error::CliError;
use crate::load::{self, context_lines};
use crate::output::{describe, system_now, write_json, write_json_line};
use rollgate::{Context, EvaluationResult, Ruleset};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::process::ExitCode;

/// Evaluates `--flag` or `--all` for `--context` (text or JSON) or `--contexts` (JSON lines).
pub fn run(args: &EvalArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let ruleset = load::ruleset(&args.file)?;
    if let Some(flag) = &args.flag {
        require_flag(&ruleset, flag)?;
    }
    let ruleset = args.overrides.apply(ruleset)?;
    let now = args.now.unwrap_or_else(system_now);
    let flag = if args.all { None } else { args.flag.as_deref() };
    match &args.contexts.contexts {
        Some(path) => {
            let text = load::read_text(path, load::MAX_SAMPLE_BYTES)?;
            each_line(&ruleset, flag, &text, now, &path.display().to_string(), out)
        }
        None => {
            let (_, context) = load::context_arg(args.contexts.context.as_deref())?;
            match flag {
                Some(key) => {
                    let result = ruleset.evaluate(key, &context, now).to_result();
                    if args.json {
                        write_json(out, &result)?;
                    } else {
                        writeln!(out, "{key} = {}", describe(&result))?;
                    }
                }
                None => {
                    let results = all_results(&ruleset, &context, now);
                    if args.json {
                        write_json(out, &results_json(&results))?;
                    } else {
                        let width = results.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
                        for (key, result) in &results {
                            writeln!(out, "{key:width$} = {}", describe(result))?;
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Every flag's result, in key order.
fn all_results<'r>(
    ruleset: &'r Ruleset,
    context: &'r Context,
    now: i64,
) -> Vec<(&'r str, EvaluationResult)> {
    ruleset
        .evaluate_all(context, now)
        .map(|(key, evaluation)| (key, evaluation.to_result()))
        .collect()
}

/// `{"flag-key": result, ...}`.
fn results_json(results: &[(&str, EvaluationResult)]) -> Value {
    let map: Map<String, Value> = results
        .iter()
        .map(|(key, result)| ((*key).to_owned(), json!(result)))
        .collect();
    Value::Object(map)
}

/// Writes one JSON line per context line: `{"context", "result"}` (one flag) or
/// `{"context", "results"}` (all). A line that is not a valid context becomes
/// `{"line", "error"}`, is reported on stderr, and makes the exit code 1 once all lines are done.
fn each_line(
    ruleset: &Ruleset,
    flag: Option<&str>,
    text: &str,
    now: i64,
    source: &str,
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let (mut total, mut bad) = (0usize, 0usize);
    for line in context_lines(text) {
        total += 1;
        match line.parsed {
            Ok((value, context)) => {
                let record = match flag {
                    Some(key) => json!({
                        "context": value,
                        "result": ruleset.evaluate(key, &context, now).to_result(),
                    }),
                    None => json!({
                        "context": value,
                        "results": results_json(&all_results(ruleset, &context, now)),
                    }),
                };
                write_json_line(out, &record)?;
            }
            Err(message) => {
                bad += 1;
                eprintln!("rollgate: {source} line {}: {message}", line.line);
                write_json_line(out, &json!({ "line": line.line, "error": message }))?;
            }
        }
    }
    if bad > 0 {
        return Err(CliError::Invalid(format!(
            "{source}: {bad} of {total} lines are not valid contexts"
        )));
    }
    Ok(ExitCode::SUCCESS)
}
