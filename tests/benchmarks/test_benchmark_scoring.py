"""The benchmark scorers compute the right numbers on tiny hand-made inputs (no model needed)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _common import (  # noqa: E402
    Pred,
    norm_code,
    norm_sector,
    party,
    petrarch_from_text,
    plover_from_records,
)
from petrarch_gsr import accepted_codes, score_petrarch  # noqa: E402
from plover_gsr import choose, score_plover  # noqa: E402


def test_normalisation() -> None:
    assert norm_code("USAGOV") == "USA"
    assert norm_code("---REB") is None
    assert norm_code("") is None
    assert norm_code(None) is None
    assert norm_code("ITL") == "ITA"
    assert norm_sector("CVLalb") == "CVL"
    assert norm_sector("***") is None
    assert norm_sector("CIV") == "CVL"
    assert norm_sector(None) is None
    assert accepted_codes("IGOUNOMIL") == {"IGO", "UNO"}
    assert accepted_codes("---") is None
    assert accepted_codes("USAGOV") == {"USA"}


HEADER = {"id": "DOC", "event": "DOCUMENT", "eventText": "header"}


def _gold() -> list[dict[str, object]]:
    return [
        HEADER,
        {"id": "a", "event": "DEMAND", "text": "A demanded B.",
         "source": [{"actorText": "A", "code": "USA", "sector": "GOV"}],
         "target": [{"actorText": "B", "code": "IRN", "sector": "***"}]},
        {"id": "b", "event": "FIGHT", "text": "C fought D.",
         "source": [{"actorText": "C", "code": "IGO", "sector": "MIL"}],
         "target": [{"actorText": "D", "code": "SRB", "sector": "REBalb"}]},
        {"id": "c", "event": "AGREE", "text": "E agreed.",
         "source": [{"actorText": "E", "code": "FRA", "sector": "GOV"}], "target": ""},
        {"id": "d", "event": "PROTEST", "text": "Nothing coded.", "source": None, "target": None},
    ]


def test_plover_scoring() -> None:
    golds = plover_from_records(_gold())
    assert [g.event for g in golds] == ["REQUEST", "ASSAULT", "AGREE", "PROTEST"]
    preds = [
        # a: type found; source code right, sector wrong; target code right (sector *** skipped)
        [Pred("ACCUSE", actors=(party("x", "USA", "MIL"),)),
         Pred("REQUEST", actors=(party("A", "USA", "MIL"),), recipients=(party("B", "IRN", "GOV"),))],
        # b: UNO meets a gold IGO; wrong type, so the first event is scored
        [Pred("COERCE", actors=(party("C", "UNO", "MIL"),), recipients=(party("D", "SRB", "CVL"),))],
        # c: type found, wrong country, right sector
        [Pred("AGREE", actors=(party("E", "DEU", "GOV"),))],
        # d: nothing
        [],
    ]
    s = score_plover(golds, preds)
    r = s.ratios
    assert (r["type"].hits, r["type"].total) == (2, 4)
    assert (r["source_code"].hits, r["source_code"].total) == (2, 3)
    assert (r["source_sector"].hits, r["source_sector"].total) == (2, 3)
    assert (r["target_code"].hits, r["target_code"].total) == (2, 2)
    assert (r["target_sector"].hits, r["target_sector"].total) == (0, 1)
    assert s.per_type["REQUEST"].value == 1.0
    assert s.per_type["ASSAULT"].value == 0.0
    assert s.type_confusion["ASSAULT"]["COERCE"] == 1
    assert s.type_confusion["PROTEST"]["(none)"] == 1
    assert s.sector_confusion[("GOV", "MIL")] == 1
    assert s.sector_confusion[("MIL", "MIL")] == 1
    assert s.sector_confusion[("GOV", "GOV")] == 1
    assert s.target_sector_confusion[("REB", "CVL")] == 1
    assert s.events == 4 and s.sentences == 4 and s.no_event_sentences == 1
    assert (s.type_precision.hits, s.type_precision.total) == (2, 4)
    assert [m.gold.id for m in s.misses] == ["a", "b", "c", "d"]
    assert choose("REQUEST", preds[0]) is preds[0][1]
    assert choose("SUPPORT", preds[0]) is preds[0][0]
    assert choose("SUPPORT", []) is None


PETR = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
#######
#  a comment line with <Sentence id="fake"/> in it
#######
<Sentences>
<Sentence category="WIRE" date="20240311" id="s1" evaluate="true"/>
<EventCoding eventcode="0352" sourcecode="KENGOV" targetcode="SOM" />
<EventCoding eventcode="046" sourcecode="IGOUNOMIL" targetcode="---" />
<Text>
Kenya freed
prisoners.
</Text>
<Parse>
1	Kenya	Kenya	PROPN	NNP	_	2	nsubj	_	_
</Parse></Sentence>
<Sentence category="WIRE" date="20240311" id="s2" evaluate="true">
<!-- <EventCoding eventcode="120" sourcecode="ETH" targetcode="ERI" /> -->
<EventCoding noevents="True" />
<Text>
Nothing happened.
</Text>
</Sentence>
<Sentence category="OTHER" date="20230101" id="s4" evaluate="false"/>
<EventCoding eventcode="190" sourcecode="SOMREB" targetcode="KENCVL" />
<Text>
</Text>
<Parse>
1	Al	Al	PROPN	NNP	_	2	name	_	_
2	Shabaab	Shabaab	PROPN	NNP	_	3	nsubj	_	_
3	struck	strike	VERB	VBD	_	0	root	_	SpaceAfter=No
4	.	.	PUNCT	.	_	3	punct	_	_
</Parse></Sentence>
<Sentence category="WIRE" date="2024" id="s3" evaluate="false"/>
<EventCoding eventcode="010" sourcecode="USA" targetcode="CHN" />
<Text>Skipped.</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_petrarch_parse_and_score() -> None:
    golds = petrarch_from_text(PETR)
    assert [g.id for g in golds] == ["s1", "s2", "s4", "s3"]
    assert golds[2].text == "Al Shabaab struck."  # empty <Text>: rebuilt from the parse
    golds = [g for g in golds if g.id != "s4"]
    assert golds[0].text == "Kenya freed prisoners."
    assert len(golds[0].triples) == 2
    assert golds[1].noevents and not golds[1].triples
    assert not golds[2].evaluate and golds[2].date is None
    preds = [
        [Pred("CONCEDE", cameo="035", actors=(party("Kenya", "KEN"),), recipients=(party("S", "SOM"),)),
         Pred("CONSULT", cameo="040", actors=(party("UN", "UNO"),))],
        [Pred("ACCUSE", cameo="111")],
        [],
    ]
    s = score_petrarch(golds, preds)
    assert (s.triples.hits, s.triples.total) == (2, 2)
    assert (s.roots.hits, s.roots.total) == (2, 2)
    assert (s.no_event_fp.hits, s.no_event_fp.total) == (1, 1)
    assert s.skipped == 1
    # roles swapped: the source is on the recipient side
    swapped = [[Pred("CONCEDE", cameo="0352", actors=(party("S", "SOM"),),
                     recipients=(party("Kenya", "KEN"),))], [], []]
    s2 = score_petrarch(golds, swapped)
    assert (s2.triples.hits, s2.triples.total) == (0, 2)
    assert (s2.roots.hits, s2.roots.total) == (1, 2)
    assert s2.swapped.hits == 1
    with pytest.raises(ValueError):
        score_petrarch(golds, [])


def test_acled_dev_scoring() -> None:
    import datetime as dt

    from acled_dev import AcledGold, AcledPred, admin_match, score_acled, top_event

    def gold(sub: str, etype: str, inter1: int = 2, actor1: str = "Rebels (Kenya)") -> AcledGold:
        return AcledGold(id=sub, text="", date=dt.date(2024, 5, 1), time_precision=1, event_type=etype,
                         sub=sub, actor1=actor1, inter1=inter1, country="Kenya", admin1="Nairobi",
                         lat=-1.28, lon=36.82, geo_precision=1)

    clash = AcledPred(type="Battles", sub="Armed clash", confidence=0.4, inter=2, actor_code="KEN",
                      has_actor=True, date=dt.date(2024, 5, 1), lat=-1.30, lon=36.80, province="Nairobi County")
    attack = AcledPred(type="Violence against civilians", sub="Attack", confidence=0.9)
    # the most confident typed event is the top one; "first" takes the first typed one
    assert top_event([clash, attack]) is attack
    assert top_event([clash, attack], "first") is clash
    assert top_event([AcledPred(type=None, sub=None)]) is None
    assert admin_match("Nairobi", "Nairobi County") and not admin_match("Nairobi", "Mombasa")

    golds = [gold("Armed clash", "Battles"), gold("Attack", "Violence against civilians", 7), gold("Peaceful protest", "Protests", 6)]
    s = score_acled(golds, [[clash], [attack], []], lambda name: "KEN")
    f = s.figures()
    assert f["type_accuracy"] == 2 / 3 and f["sub_accuracy"] == 2 / 3
    # one miss as "none": Armed clash and Attack have F1 1, Peaceful protest 0
    assert f["sub_weighted_f1"] == 2 / 3
    assert s.actor_class.hits == 1 and s.actor_class.total == 3
    # on the two rows whose sub-type is right, the attack's missing actor is the one miss
    assert (s.actor_class_right_sub.hits, s.actor_class_right_sub.total) == (1, 2)
    assert f["no_actor"] == 2 / 3 and f["actor_country"] == 1 / 3
    assert s.date.hits == 1 and s.geo_25km.hits == 1 and s.admin1.hits == 1
    assert len(s.misses) == 1
