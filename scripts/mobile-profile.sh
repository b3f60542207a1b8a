# scripts/mobile-profile.sh — sourced by the mobile build scripts: the cargo profile that ships.
#
# `mobile-release` = the workspace's release profile (lto, codegen-units = 1, panic = "unwind" so
# the FFI layer can catch panics, symbols kept so uniffi-bindgen can read the metadata) at
# opt-level "s": at opt-level 3 the stripped library is ~9% bigger and over the 1 MB goal
# (docs/mobile.md, "Size"; scripts/size-mobile.sh prints today's size). Flag evaluation is far
# from CPU-bound in an app, so size wins. It is defined with --config so the release profile
# used by the CLI stays untouched; artifacts go to target/mobile-release/.
MOBILE_PROFILE_ARGS=(
  --profile mobile-release
  --config 'profile.mobile-release.inherits="release"'
  --config 'profile.mobile-release.opt-level="s"'
)
MOBILE_PROFILE_DIR=mobile-release
