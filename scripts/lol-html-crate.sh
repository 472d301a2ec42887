# Sourced by scripts/lol-html-utf8.sh and scripts/test-lol-html-patch.sh: sets `version` and
# `crate` to the lol_html release Cargo.lock names and its .crate file in cargo's download cache,
# checked against Cargo.lock's checksum. Run from the project's root.
version=$(awk '/^name = "lol_html"$/ { getline; gsub(/[^0-9.]/, "", $0); print; exit }' Cargo.lock)
checksum=$(awk '/^name = "lol_html"$/ { found = 1 } found && /^checksum/ { gsub(/.*= "|"/, "", $0); print; exit }' Cargo.lock)
[ -n "$version" ] && [ -n "$checksum" ] || { echo "lol_html: not in Cargo.lock" >&2; exit 1; }

# The .crate file, fetched first if cargo has not downloaded it yet.
lol_html_crate() {
  cargo fetch --quiet
  crate=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"lol_html-$version.crate" 2>/dev/null | head -n 1)
  [ -n "$crate" ] || { echo "lol_html: lol_html-$version.crate not in cargo's cache" >&2; exit 1; }
  [ "$(sha256sum "$crate" | cut -d' ' -f1)" = "$checksum" ] ||
    { echo "lol_html: $crate does not match Cargo.lock's checksum" >&2; exit 1; }
}
