#!/usr/bin/env bash
# Re-download the vendored front-end assets into static/vendor/ from the npm registry.
#
# Usage: scripts/vendor-assets.sh
#
# To upgrade a library, bump its pinned version below and re-run; the script
# rewrites static/vendor/<lib>/ and static/vendor/README.md.  Tarballs are fetched
# with `npm pack` into a temp dir (npm verifies their registry integrity); nothing
# is installed into the project and no node_modules/ is created.
#
# Built files are post-processed so Django's ManifestStaticFilesStorage/whitenoise
# is happy: `sourceMappingURL` comments are stripped (the .map files are not
# vendored), and the CSS is checked to load nothing from remote URLs.
set -euo pipefail

BOOTSTRAP_VERSION=5.3.9
BOOTSTRAP_ICONS_VERSION=1.13.2
HTMX_VERSION=2.0.11
CHARTJS_VERSION=4.6.1
AXE_CORE_VERSION=4.14.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEST="$ROOT/static/vendor"

for cmd in npm node tar; do
    command -v "$cmd" >/dev/null 2>&1 || { echo "error: $cmd is required" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

README_ROWS=()

# fetch NAME VERSION -> unpacks into $work/NAME/package, records a README row
fetch() {
    local name=$1 version=$2 tarball integrity license got
    mkdir -p "$work/$name"
    if ! (cd "$work" && npm pack --json --pack-destination "$work/$name" \
            "$name@$version" >"$work/$name/pack.json" 2>"$work/npm.log"); then
        cat "$work/npm.log" >&2
        echo "error: npm pack $name@$version failed" >&2
        exit 1
    fi
    tarball=$(node -p 'require(process.argv[1])[0].filename' "$work/$name/pack.json")
    integrity=$(node -p 'require(process.argv[1])[0].integrity' "$work/$name/pack.json")
    tar -xzf "$work/$name/$tarball" -C "$work/$name"
    license=$(node -p 'require(process.argv[1]).license' "$work/$name/package/package.json")
    got=$(node -p 'require(process.argv[1]).version' "$work/$name/package/package.json")
    if [[ "$got" != "$version" ]]; then
        echo "error: expected $name@$version, got $got" >&2
        exit 1
    fi
    README_ROWS+=("| [\`$name\`](https://www.npmjs.com/package/$name/v/$version) | $version | $license | \`$integrity\` |")
    echo "fetched $name@$version ($license)"
}

# copy SRC DEST_FILE (creating dirs)
copy() {
    install -D -m 0644 "$1" "$2"
}

# Remove `sourceMappingURL` comments (both `//# ...` and `/*# ... */` forms).
strip_sourcemaps() {
    sed -i -E \
        -e 's@/\*[#@] sourceMappingURL=[^*]*\*/@@g' \
        -e 's@^[[:space:]]*//[#@] sourceMappingURL=.*$@@' \
        "$@"
}

fetch bootstrap "$BOOTSTRAP_VERSION"
fetch bootstrap-icons "$BOOTSTRAP_ICONS_VERSION"
fetch htmx.org "$HTMX_VERSION"
fetch chart.js "$CHARTJS_VERSION"
fetch axe-core "$AXE_CORE_VERSION"

# Start each vendored library from a clean directory so stale files disappear.
rm -rf "$DEST/bootstrap" "$DEST/bootstrap-icons" "$DEST/htmx" "$DEST/chartjs" "$DEST/axe-core"
mkdir -p "$DEST"

pkg="$work/bootstrap/package"
copy "$pkg/dist/css/bootstrap.min.css" "$DEST/bootstrap/bootstrap.min.css"
copy "$pkg/dist/js/bootstrap.bundle.min.js" "$DEST/bootstrap/bootstrap.bundle.min.js"
copy "$pkg/LICENSE" "$DEST/bootstrap/LICENSE"

pkg="$work/bootstrap-icons/package"
copy "$pkg/font/bootstrap-icons.min.css" "$DEST/bootstrap-icons/bootstrap-icons.min.css"
copy "$pkg/font/fonts/bootstrap-icons.woff2" "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff2"
copy "$pkg/font/fonts/bootstrap-icons.woff" "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff"
copy "$pkg/LICENSE" "$DEST/bootstrap-icons/LICENSE"

pkg="$work/htmx.org/package"
copy "$pkg/dist/htmx.min.js" "$DEST/htmx/htmx.min.js"
copy "$pkg/LICENSE" "$DEST/htmx/LICENSE"

pkg="$work/chart.js/package"
copy "$pkg/dist/chart.umd.min.js" "$DEST/chartjs/chart.umd.min.js"
copy "$pkg/LICENSE.md" "$DEST/chartjs/LICENSE.md"

pkg="$work/axe-core/package"
copy "$pkg/axe.min.js" "$DEST/axe-core/axe.min.js"
copy "$pkg/LICENSE" "$DEST/axe-core/LICENSE"
copy "$pkg/LICENSE-3RD-PARTY.txt" "$DEST/axe-core/LICENSE-3RD-PARTY.txt"

mapfile -t assets < <(find "$DEST" -type f \( -name '*.js' -o -name '*.css' \) | sort)
strip_sourcemaps "${assets[@]}"

# --- checks -----------------------------------------------------------------
fail=0
if grep -l 'sourceMappingURL' "${assets[@]}"; then
    echo "error: sourceMappingURL references left in the files above" >&2
    fail=1
fi
mapfile -t css_files < <(find "$DEST" -type f -name '*.css' | sort)
# Remote loads in CSS: url(http...), url(//...), @import of a remote URL.
if grep -nEio "url\([[:space:]]*['\"]?(https?:)?//[^)]*\)|@import[^;]*(https?:)?//[^;]*" "${css_files[@]}"; then
    echo "error: CSS loads remote resources (see above)" >&2
    fail=1
fi
# Every relative url(...) in the CSS must resolve to a vendored file.
for css in "${css_files[@]}"; do
    while IFS= read -r ref; do
        target="$(dirname "$css")/${ref%%[?#]*}"
        if [[ ! -f "$target" ]]; then
            echo "error: $css references missing file: $ref" >&2
            fail=1
        fi
    done < <(grep -oE "url\([[:space:]]*['\"]?[^)'\"]+" "$css" \
                | sed -E "s/^url\([[:space:]]*['\"]?//" \
                | grep -vE '^(data:|#|/|[a-z]+:)' | sort -u)
done
[[ $fail -eq 0 ]] || exit 1

# --- README -----------------------------------------------------------------
{
    cat <<'MD'
# Vendored front-end assets

Third-party browser assets, served as ordinary Django static files (no CDN, no
Node build step, no `node_modules/`).  **Do not edit these files by hand** —
they are generated by `scripts/vendor-assets.sh` from the npm registry.

| Package | Version | Licence | npm tarball integrity |
|---|---|---|---|
MD
    printf '%s\n' "${README_ROWS[@]}"
    cat <<'MD'

Files (paths relative to `static/vendor/`):

- `bootstrap/bootstrap.min.css`, `bootstrap/bootstrap.bundle.min.js` (includes Popper)
- `bootstrap-icons/bootstrap-icons.min.css`, `bootstrap-icons/fonts/bootstrap-icons.woff2`,
  `bootstrap-icons/fonts/bootstrap-icons.woff` (the CSS loads the fonts via the relative
  path `fonts/…`, so keep that layout)
- `htmx/htmx.min.js`
- `chartjs/chart.umd.min.js` (UMD build, exposes `window.Chart`)
- `axe-core/axe.min.js` (accessibility checks in tests; not for production pages)

Each directory also holds the package's licence file(s).

Post-processing: source-map reference comments (`//# sourceMap…=` / `/*# sourceMap…=`)
are stripped, because the `.map` files are not vendored and Django's
`ManifestStaticFilesStorage`/whitenoise would otherwise fail on the missing files
during `collectstatic`.  The script also checks that no CSS
loads anything from a remote URL and that every relative `url(...)` resolves.

## Refreshing / upgrading

1. Edit the pinned `*_VERSION` variables at the top of `scripts/vendor-assets.sh`.
2. Run it from the project root (needs `npm`/`node` and access to the npm registry):

   ```sh
   scripts/vendor-assets.sh
   ```

   It downloads the tarballs with `npm pack` into a temp dir, replaces
   `static/vendor/<package>/`, and regenerates this README.
3. Review `git diff --stat static/vendor`, run the test suite, commit.
MD
} >"$DEST/README.md"

echo "vendored assets written to ${DEST#"$ROOT"/}:"
(cd "$ROOT" && find static/vendor -type f | sort | xargs ls -l | awk '{print "  " $5 "\t" $9}')
