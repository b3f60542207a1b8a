# scripts/mobile-profile.sh — sourced by the mobile build scripts: the cargo profile that ships.
#
# `mobile-release` = the workspace's release profile (lto, codegen-units = 1, panic = "unwind" so
# the FFI layer can catch panics, symbols kept so uniffi-bindgen can read the metadata) at
# opt-level "s". Measured on Linux x86_64, stripped: opt-level 3 gives 1,062,280 bytes (over the
# 1 MB goal), "s" gives 979,776 bytes. Flag evaluation is far from CPU-bound in an app, so size
# wins. It is defined with --config so the release profile used by the CLI stays untouched;
# artifacts go to target/mobile-release/.
MOBILE_PROFILE_ARGS=(
  --profile mobile-release
  --config 'profile.mobile-release.inherits="release"'
  --config 'profile.mobile-release.opt-level="s"'
)
MOBILE_PROFILE_DIR=mobile-release
