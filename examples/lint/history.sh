#!/bin/sh
# `rollgate lint --git` on a throwaway repository holding two commits of flags.json:
# - 2026-09-01: the ruleset of this directory, except that payments-v3 is still enabled;
# - 2026-10-01: payments-v3 killed (`"enabled": false`), as in this directory.
# Fixed names and dates give the same commit hashes, so the same output, on every machine.
# Prints the constant-flag findings (stdout) and the count (stderr).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=Docs GIT_AUTHOR_EMAIL=docs@example.com
export GIT_COMMITTER_NAME=Docs GIT_COMMITTER_EMAIL=docs@example.com
commit() {
    GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -C "$repo" commit -q -m "$2"
}
git init -q -b main "$repo"
sed '/"enabled": false,/d' "$here/flags.json" > "$repo/flags.json"
git -C "$repo" add flags.json
commit 2026-09-01T00:00:00Z "flags"
cp "$here/flags.json" "$repo/flags.json"
git -C "$repo" add flags.json
commit 2026-10-01T00:00:00Z "kill payments-v3"
cd "$repo"
rollgate lint flags.json --now 2026-12-04T00:00:00Z --git | grep constant_flag
