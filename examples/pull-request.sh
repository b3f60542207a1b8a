#!/bin/sh
# A throwaway git repository holding examples/project as a pull request does, for the
# transcripts of docs/workflow.md and the test of examples/ci/check.sh. The project is the
# repository's feature-flags/ directory, and examples/ci/check.sh is its ci/check.sh:
# - main (and origin/main), 2026-11-02: the project before the pull request: new-checkout's
#   mobile rollout at 5% in production, dark-mode at 60%, no flags/network.yaml; with the
#   rollgate.lock that `rollgate build` wrote for it (revision 1 everywhere);
# - branch add-network-timeouts, checked out, 2026-12-01: examples/project as it is (the
#   rollout at 10%, dark-mode back to 50%, the api-timeout-ms flag, revision 2 in its lock).
# A sample of contexts, examples/users.jsonl, is beside them as users.jsonl (not committed).
# Runs the command given as arguments in the repository's top directory, then deletes the
# repository; its exit code is the command's. Needs git and rollgate on PATH. Fixed names and
# dates give the same commit hashes, so the same output, on every machine.
#
#   sh examples/pull-request.sh rollgate diff --git main...HEAD feature-flags
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
# Copies examples/project (without what `rollgate codegen` generated into it).
copy_project() {
    rm -rf "$repo/feature-flags"
    cp -R "$here/project" "$repo/feature-flags"
    rm -rf "$repo/feature-flags/generated"
}
# Edits a file with a sed script, and fails if that changed nothing.
edit() {
    sed -e "$2" "$1" > "$1.edited"
    if cmp -s "$1" "$1.edited"; then
        echo "pull-request.sh: '$2' changed nothing in $1" >&2
        exit 1
    fi
    mv "$1.edited" "$1"
}

git init -q -b main "$repo"
mkdir "$repo/ci"
cp "$here/ci/check.sh" "$repo/ci/check.sh"
copy_project
project="$repo/feature-flags"
rm "$project/flags/network.yaml" "$project/rollgate.lock"
edit "$project/environments/production.yaml" 's/mobile: {percent: 10}/mobile: {percent: 5}/'
edit "$project/flags/growth.yaml" '/- id: everyone/{n;s/percent: 50,/percent: 60,/;}'
rollgate build "$project" --out "$repo/.dist" > /dev/null
rm -rf "$repo/.dist"
git -C "$repo" add feature-flags ci
commit 2026-11-02T09:00:00Z "Flags as of November"
git -C "$repo" update-ref refs/remotes/origin/main HEAD

git -C "$repo" checkout -q -b add-network-timeouts
copy_project
git -C "$repo" add -A feature-flags
commit 2026-12-01T09:00:00Z "API timeouts per market; dark mode back to 50%; new checkout for 10% of phones"
cp "$here/users.jsonl" "$repo/users.jsonl"
cd "$repo"
"$@"
