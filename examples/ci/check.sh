#!/bin/sh
# The checks of a flag project for a pull request, in one script that any CI can run
# (rollgate.yml runs it on GitHub Actions). In order, stopping at the first that fails, with
# its exit code:
#   1. rollgate validate: every environment builds;
#   2. rollgate diff --git BASE...HEAD --markdown: what the change does to users, written to
#      a file for the pull-request comment (before the checks below, so that the comment is
#      there even when they fail);
#   3. rollgate lint: a finding at level error (the project's lint: section) fails;
#   4. rollgate build --locked: the committed rollgate.lock must match the sources; the
#      rulesets, ready to publish, are written to a directory.
#
#   sh examples/ci/check.sh [PROJECT_DIR]      (default: the current directory)
#
# Environment: ROLLGATE_BASE, the branch the pull request goes into (default origin/main; its
# commits must be fetched); ROLLGATE_DIFF, the Markdown file (default rollgate-diff.md);
# ROLLGATE_OUT, where the rulesets go (default dist); ROLLGATE_NOW, the time diff and lint
# judge ramps and expiry dates at (default: now; set for reproducible output).
set -eu
project=${1:-.}
base=${ROLLGATE_BASE:-origin/main}
diff_file=${ROLLGATE_DIFF:-rollgate-diff.md}
out=${ROLLGATE_OUT:-dist}
now=${ROLLGATE_NOW:-}

rollgate validate "$project"
rollgate diff --git "$base...HEAD" "$project" --markdown ${now:+--now "$now"} > "$diff_file"
rollgate lint "$project" ${now:+--now "$now"}
rollgate build "$project" --locked --out "$out"
