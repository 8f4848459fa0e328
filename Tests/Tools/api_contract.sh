#!/usr/bin/env bash
# The API contract, as a client sees it: starts `outfalls serve` on a sample registry and
# runs schemathesis (PyPI) with every check against /api/openapi.json, anonymously and then
# signed in over HTTP Basic as a viewer (so that the internal endpoints are exercised too);
# then reads the OGC API's collections and items with OWSLib, as a GIS client's Python would.
#
#   Tests/Tools/api_contract.sh OUTFALLS_BINARY [EXAMPLES]
#
# Exits non-zero on any schemathesis failure or an OWSLib read that does not match.
set -euo pipefail
binary=$(realpath "$1")
examples=${2:-25}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# The binary finds the bundled data beside the sources; say where, since it runs elsewhere.
export OUTFALLS_GEODATA="${OUTFALLS_GEODATA:-$root/GeoData}" OUTFALLS_STYLES="${OUTFALLS_STYLES:-$root/Styles}"
work=$(mktemp -d /tmp/outfalls-contract-XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
db="$work/registry.sqlite"
"$binary" init --sample --db "$db" >/dev/null
printf 'contract-viewer-pw-1\n' | "$binary" user add contract --role viewer --password-stdin --db "$db" >/dev/null
"$binary" serve --db "$db" --port 0 >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 120); do grep -q 'listening on' "$work/serve.log" && break; sleep 0.5; done
port=$(grep -o '127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 | tr -dc '0-9:' | cut -d: -f2)
[ -n "$port" ] || { echo "server did not start"; cat "$work/serve.log"; exit 2; }
base="http://127.0.0.1:$port"
cd "$work"
echo "== schemathesis, anonymous: $base/api/openapi.json"
schemathesis --config-file "$here/schemathesis.toml" run "$base/api/openapi.json" --checks all -n "$examples" --seed 20261202 --no-color
echo "== schemathesis, signed in (HTTP Basic, viewer)"
schemathesis --config-file "$here/schemathesis.toml" run "$base/api/openapi.json" --checks all -n "$examples" --seed 20261203 --no-color --auth contract:contract-viewer-pw-1
echo "== OWSLib"
python3 - "$base" <<'PY'
import sys
from owslib.ogcapi.features import Features
base = sys.argv[1]
api = Features(base + "/ogc")
ids = [c["id"] for c in api.collections()["collections"]]
assert set(ids) == {"rivers", "zones", "intakes", "sections", "areas", "outfalls"}, ids
outfalls = api.collection_items("outfalls", limit=50)
assert outfalls["numberMatched"] == 42 and len(outfalls["features"]) == 42, outfalls["numberMatched"]
assert all(f["properties"].get("name") for f in outfalls["features"])
queryables = api.collection_queryables("outfalls")
assert "name" in queryables["properties"], queryables
intakes = api.collection("intakes")
box = intakes["extent"]["spatial"]["bbox"][0]
assert box[2] > box[0] and box[3] > box[1], box
print("OWSLib read %d collections, %d outfalls, %d queryables" % (len(ids), len(outfalls["features"]), len(queryables["properties"])))
PY
echo "api contract: schemathesis clean (anonymous and signed in), OWSLib reads the collections"
