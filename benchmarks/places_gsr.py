"""Places on the PLOVER gold-standard sentences that carry an `eventLoc` (about 48).

For each record a draft is built on the gold trigger (the first word of `eventText`) and
the places stage alone is run, so the score measures geocoding, not trigger detection.

    .venv/bin/python benchmarks/places_gsr.py [PATH] [-v]

Reports: place found (our extracted or resolved name matches the gold name), country right
(gold `country code` when given, else the country of the gold name in our gazetteer: its
geocoding alone, else its most populous reading, "Jericho" having namesakes).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from spacy.tokens import Doc

from titfortat.coding.lexicon import LexEntry
from titfortat.geo.choose import geocode
from titfortat.geo.component import PlacesComponent
from titfortat.geo.gazetteer import Gazetteer
from titfortat.geo.names import key
from titfortat.nlp.draft import Draft, drafts, register_extensions
from titfortat.nlp.pipeline import load_base

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "plover" / "PLOVER_GSR_CAMEO.json"
ENTRY = LexEntry(pattern="gold", pos="verb", lemma="gold", particle=None, objects=(), modifiers=(),
                 event="ASSAULT", mode=None, cameo="190", goldstein=-10.0, event_scale=-9.0, quad_code=4,
                 contexts=(), acled_type=None, acled_sub=None, confidence=1.0, needs_recipient=False,
                 roles="normal", source="benchmark")


def gold_draft(doc: Doc, event_text: str) -> Draft:
    """A draft on the gold trigger: its first verb in the sentence, else its first word."""
    words = [w for w in event_text.lower().replace("...", " ").split() if w.isalpha()]
    found = [t for w in words for t in doc if t.lower_ == w and not t.is_stop]
    verbs = [t for t in found if t.pos_ == "VERB"]
    tok = (verbs or found or [next(iter(doc.sents)).root])[0]
    kind = "noun" if tok.pos_ in ("NOUN", "PROPN") else "verb"
    return Draft(trigger=doc[tok.i: tok.i + 1], head=tok, entry=ENTRY, kind=kind)


def main(argv: list[str]) -> int:
    path = Path(next((a for a in argv if not a.startswith("-")), DEFAULT))
    verbose = "-v" in argv
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("eventLoc")]
    register_extensions()
    nlp, gaz = load_base(), Gazetteer.load()
    stage = PlacesComponent(gaz)
    found = country_ok = resolved = 0
    for rec in records:
        gold_name = rec["eventLoc"].get("name", "")
        gold_cc = rec["eventLoc"].get("country code")
        if gold_cc:
            expected = gaz.alpha3(gold_cc)
        else:
            name = gold_name.replace("province of ", "").replace("town of ", "")
            ref = geocode(name, gazetteer=gaz)
            expected = ref.country_code if ref else None
            if expected is None and (cands := gaz.lookup(name)):
                expected = gaz.alpha3(cands[0].country)  # ambiguous alone: its most populous reading
        doc = nlp(rec["text"])
        draft = gold_draft(doc, rec.get("eventText", ""))
        drafts(doc).append(draft)
        stage(doc)
        loc = draft.location
        names = [key(n) for n in (loc.extracted_place, loc.resolved_place or "")] if loc else []
        hit = any(n and (n in key(gold_name) or key(gold_name) in n) for n in names)
        ok = loc is not None and loc.country_code == expected
        found += hit
        country_ok += ok
        resolved += bool(loc and loc.country_code)
        if verbose and not (hit and ok):
            print(f"- {rec['id']}: gold {gold_name!r} ({expected}) got "
                  f"{loc.extracted_place if loc else None!r} ({loc.country_code if loc else None}) "
                  f"{draft.notes[-1] if draft.notes else ''}")
    n = len(records)
    print(f"PLOVER GSR sentences with a location: {n}")
    print(f"place found:           {found}/{n} ({found / n:.0%})")
    print(f"resolved to a country: {resolved}/{n} ({resolved / n:.0%})")
    print(f"right country:         {country_ok}/{n} ({country_ok / n:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
