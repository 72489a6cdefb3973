"""Actor resolution alone on the PLOVER gold standard (../shared/data/plover).

Each gold actor text is resolved with its sentence as context, and the code and sector are
compared with the hand coding (sector: first three letters; "***" and missing are skipped).
UNO counts as IGO (the gold predates PLOVER's separate UN code). This isolates the resolver
from span finding; `benchmarks/plover_gsr.py` measures the whole coder.

    .venv/bin/python benchmarks/actors_gsr.py [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from titfortat.actors import ActorResolver

GOLD = Path(__file__).resolve().parents[2] / "shared" / "data" / "plover" / "PLOVER_GSR_CAMEO.json"
LABELS = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def actors(rec: dict, role: str) -> list[dict]:
    value = rec.get(role)
    if isinstance(value, dict):
        value = [value]
    return [a for a in value or [] if isinstance(a, dict) and a.get("actorText")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    if not args.gold.exists():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2
    records = [r for r in json.loads(args.gold.read_text(encoding="utf-8")) if r.get("event") != "DOCUMENT"]
    resolver = ActorResolver.load()
    stats: dict[str, Counter[str]] = {r: Counter() for r in ("source", "target")}
    confusion: Counter[tuple[str, str]] = Counter()
    for rec in records:
        event = LABELS.get(rec["event"], rec["event"])
        for role in ("source", "target"):
            for gold in actors(rec, role):
                res = resolver.resolve(gold["actorText"], context=rec["text"], event=event,
                                       role="actor" if role == "source" else "recipient")
                ent = res.entities[0] if res.entities else None
                code = ent.code if ent else None
                code = "IGO" if code == "UNO" else code
                s = stats[role]
                s["n"] += 1
                ok = code == gold.get("code")
                s["code"] += ok
                gsec = (gold.get("sector") or "")[:3]
                if gsec and gsec != "***":
                    s["n_sector"] += 1
                    sec = ent.sector if ent else None
                    s["sector"] += sec == gsec
                    confusion[(gsec, sec or "-")] += 1
                    ok = ok and sec == gsec
                if args.show_errors and not ok:
                    print(f"  {role} {gold['actorText']!r}: gold {gold.get('code')} {gsec or '-'}"
                          f" got {code} {ent.sector if ent else '-'}  | {res.reason}")
    for role, s in stats.items():
        print(f"{role:6} code {s['code'] / s['n']:.3f} (n={s['n']})  "
              f"sector {s['sector'] / max(1, s['n_sector']):.3f} (n={s['n_sector']})")
    print("sector confusion (gold -> got, count), errors only:")
    for (g, p), n in sorted(confusion.items(), key=lambda kv: -kv[1]):
        if g != p:
            print(f"  {g} -> {p}: {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
