#!/usr/bin/env bash
# Regenerate the committed offline briefs: examples/NAME.brief.md for each examples/NAME.txt,
# and for each folder examples/SET/ (several articles about one event) the one merged brief
# over them, examples/SET.brief.md (brief --merge).
#
#   examples/regenerate.sh            # rewrite them in place (run after offline-engine changes)
#   examples/regenerate.sh OUTDIR     # write them into OUTDIR instead (tests/test_examples.py)
#
# Uses `brief` from PATH with the offline engine (--mock: no model, no network), a fixed
# memo date (BRIEFER_DATE) and no config file or BRIEFER_* settings from your environment,
# so the same code always writes the same bytes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/examples}" && cd "${1:-$root/examples}" && pwd)"
cd "$root"

while IFS= read -r name; do
    unset "$name"
done < <(compgen -e | grep '^BRIEFER_' || true)
export BRIEFER_DATE=2026-01-01 BRIEFER_CONFIG=/dev/null

shopt -s nullglob
articles=(examples/*.txt)
if [ ${#articles[@]} -eq 0 ]; then
    echo "regenerate.sh: no examples/*.txt" >&2
    exit 1
fi
for article in "${articles[@]}"; do
    name="$(basename "$article" .txt)"
    brief --mock "$article" -o "$out/$name.brief.md"
    echo "$out/$name.brief.md"
done
for set in examples/*/; do
    name="$(basename "$set")"
    brief --mock --merge "${set%/}" -o "$out/$name.brief.md"
    echo "$out/$name.brief.md"
done
