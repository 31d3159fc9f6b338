#!/bin/bash
# Side-by-side training throughput: the project's `moe bench --json` against the PyTorch reference
# (reference_model.py, the same models) on this CPU, same thread count, alternating rounds.
# usage: docs/bench/twin/compare.sh [ROUNDS]   (run from the project root after ./mvnw package)
set -eu
rounds=${1:-2}
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
if ! "$py" -c 'import torch' 2>/dev/null; then
  echo "installing Debian's python3-torch (the peer) ..." >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq python3-torch >/dev/null
fi
jar=cli/target/moe.jar
[[ -f $jar ]] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 1; }
out=$(mktemp -d)
for r in $(seq "$rounds"); do
  OMP_NUM_THREADS=2 java -jar "$jar" bench --json >"$out/moe.$r.json"
  OMP_NUM_THREADS=2 "$py" "$here/reference_model.py" --threads 2 >"$out/torch.$r.jsonl"
done
"$py" - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
moe, torch = {}, {}
for r in range(1, rounds + 1):
    for c in json.load(open(f"{out}/moe.{r}.json"))["configs"]:
        moe.setdefault(c["name"], []).append(c)
    for line in open(f"{out}/torch.{r}.jsonl"):
        c = json.loads(line)
        torch.setdefault(c["name"], []).append(c)
print(f"{'config':16} {'moe img/s':>10} {'torch img/s':>12} {'ratio':>6}  params moe/torch")
for name in torch:
    if name not in moe:
        print(f"{name:16} missing from moe bench"); continue
    a = statistics.median(c["imagesPerSecond"] for c in moe[name])
    b = statistics.median(c["imagesPerSecond"] for c in torch[name])
    pm, pt = moe[name][0].get("params"), torch[name][0]["params"]
    flag = "" if pm == pt else "  <- different model"
    print(f"{name:16} {a:10.1f} {b:12.1f} {a/b:6.2f}  {pm}/{pt}{flag}")
PY
