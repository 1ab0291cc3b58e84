#!/bin/sh
# run-recipes.sh DOC DIR [TAG]: runs the OpenSSL recipes of DOC's section 13 (every ```sh block
# of that section, or with TAG every ```sh TAG block, exactly as written, in order, as one
# script) in DIR, which holds the files a platform saved. The exit status is the recipes': 0 only
# if every check in them passed.
set -eu
doc=$1
dir=$2
fence='```sh'
[ $# -ge 3 ] && fence="$fence $3"
script=$(mktemp)
trap 'rm -f "$script"' EXIT
awk -v fence="$fence" '/^## / { in13 = ($2 == "13.") } in13 && $0 == fence { code = 1; next }
    code && /^```$/ { code = 0; next } code' "$doc" >"$script"
if [ ! -s "$script" ]; then
    echo "run-recipes.sh: no '$fence' recipes in section 13 of $doc" >&2
    exit 2
fi
cd "$dir"
sh -eu "$script"
