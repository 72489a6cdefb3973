"""Stage 3: modality of every draft, and recoding through operators (see complements.py).

Modality values: asserted, negated, future, hypothetical, attempted, claimed. Order of
precedence when several apply: negated > hypothetical > attempted > future > claimed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from titfortat.coding import complements as cx
from titfortat.coding.lexicon import Lexicon, default_lexicon
from titfortat.coding.reported import reported_accusations, reported_demands
from titfortat.coding.syntax import np_span, subject_of
from titfortat.nlp.draft import Draft, drafts

PRECEDENCE = ("negated", "hypothetical", "attempted", "future", "claimed", "asserted")
OWN_FORCES = frozenset({"troop", "army", "force", "soldier", "police", "military", "unit", "militia", "fighter",
                        "brigade", "battalion", "navy", "commander", "officer", "guard", "security", "policeman",
                        "division", "marine", "personnel", "agent", "ministry", "authority"})
VOW_VERBS = frozenset({"vow", "swear", "pledge", "promise", "plan", "decide", "intend", "threaten", "warn"})
LIGHT_VERBS = frozenset({"impose", "extend", "declare", "launch", "hold", "stage", "carry", "conduct", "mount",
                         "tighten", "begin", "start", "resume", "step", "intensify", "order", "issue", "sign"})
ASPECTUAL = frozenset({"begin", "start", "continue", "resume", "stop", "keep"})
EVENT_VERBS = frozenset({"take", "happen", "occur", "go", "proceed", "begin", "start", "continue", "resume"})
CONDITIONAL_OK = frozenset({"THREATEN", "AGREE", "REQUEST", "REJECT"})
NEG_WORDS = frozenset({"not", "n't", "never", "no"})
ATTEMPT_MODS = frozenset({"attempted", "failed", "foiled", "thwarted", "botched", "would-be"})


def strongest(*mods: str) -> str:
    return min(mods, key=PRECEDENCE.index)


def own_markers(tok: Token) -> set[str]:
    """Modality marked directly on the trigger word (auxiliaries, negation, adverbs)."""
    od = cx.operator_data()
    out: set[str] = set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ in ("nsubjpass", "dobj", "nsubj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children) \
                and tok.pos_ in ("VERB", "AUX"):
            out.add("negated")  # "no shots were fired", "fired no shots"
        if c.dep_ == "neg" or (c.dep_ == "det" and low == "no") or (c.dep_ == "advmod" and low == "never"):
            out.add("negated")
        elif c.dep_ in ("aux", "auxpass"):
            if low in od.future_aux:
                out.add("future")
            elif low in od.hypothetical_aux or c.lemma_ in od.hypothetical_aux:
                out.add("hypothetical")
        elif c.dep_ == "advmod" and low in od.claim_adverbs:
            out.add("claimed")
        elif c.dep_ in ("amod", "compound") and low in ATTEMPT_MODS:
            out.add("attempted")
        elif c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
            out.add("hypothetical")
    # "will begin sharing", "started to withdraw": aspectual verbs carry the tense
    if tok.dep_ == "xcomp" and tok.head.lemma_ in ASPECTUAL and tok.head.i != tok.i:
        out |= own_markers(tok.head) & {"future", "negated", "hypothetical"}
    # "going to attack", "is to visit"
    if tok.dep_ == "xcomp" and tok.head.lemma_ == "go" and tok.head.tag_ == "VBG":
        out.add("future")
    if tok.dep_ == "compound" and tok.head.lemma_ in ("attempt", "bid", "plot"):
        out.add("attempted")
    # conditional clause governing the trigger: "if the army attacks, ..."
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
        out.add("hypothetical")
    for anc in list(tok.ancestors)[:4]:
        if anc.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anc.children):
            out.add("hypothetical")
            break
    # "the planned march did not take place": the event noun is the subject of an event verb
    if tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in EVENT_VERBS:
        out |= own_markers(tok.head) - {"hypothetical"} if tok.head.i != tok.i else set()
    # "will extend the curfew", "did not launch an attack": the light verb carries tense and negation
    if tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") and tok.head.lemma_ in LIGHT_VERBS:
        out |= own_markers(tok.head) & {"future", "negated", "hypothetical", "claimed"}
    return out


def recode_future(lex: Lexicon, d: Draft) -> None:
    """A promised cooperative act is AGREE; an announced hostile act is THREATEN (as in the
    PLOVER gold standard: "will support", "will visit", "said will release" are AGREE)."""
    e = d.entry
    if e.quad_code == 2 or e.event in ("CONCEDE", "SUPPORT", "CONSULT"):
        d.entry = cx.as_agree(lex, e, e)
        d.notes.append("future cooperative act coded as AGREE")
        d.modality = "asserted"
    elif e.quad_code == 4 and e.event != "MOBILIZE":
        d.entry = cx.as_threat(lex, e, e)
        d.notes.append("future hostile act coded as THREATEN")
        d.modality = "asserted"


def _refused(d: Draft, chain: list[tuple[Token, str]]) -> bool:
    """ "will not accept", "would not meet", "failed to reach": a refusal, not a mere negation."""
    aux = {c.lower_ for c in d.head.children if c.dep_ == "aux"}
    return bool(aux & {"will", "would", "wo", "can", "ca", "could", "shall"}) or any(
        op.lemma_ == "fail" for op, _ in chain)


ACCUSING = frozenset({"accuse", "blame", "charge", "indict", "suspect", "hold"})


def _accused_is_actor(d: Draft, op: Token) -> None:
    """ "Officials blamed the alliance for the attack", "X was accused of bombing": the one
    accused is the (alleged) actor of the content event."""
    if op.lemma_.lower() not in ACCUSING:
        return
    path = d.head
    while path.head.i != path.i and path.head.i != op.i:
        path = path.head
    if path.dep_ != "prep" or path.lower_ not in ("of", "for"):
        return
    accused = next((c for c in op.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if accused is None or accused.pos_ == "PRON" and accused.lower_ in ("it", "them"):
        return
    d.actor_spans = [np_span(accused)]
    d.notes.append(f"alleged actor: {accused.text!r}, accused by the speaker")


def _has_condition(tok: Token) -> bool:
    nodes = [tok, *list(tok.ancestors)[:3]]
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for n in nodes for c in n.children) or any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
        for n in nodes for c in n.children)


def _speaker_differs(d: Draft, op: Token) -> bool:
    """Reported speech marks an event claimed only when someone else reports it."""
    speaker = subject_of(op) if op.pos_ in ("VERB", "AUX") else None
    if speaker is None:
        return op.pos_ != "VERB"
    actor_roots = {s.root.i for s in d.actor_spans} | {s.root.lower_ for s in d.actor_spans}  # type: ignore[operator]
    return speaker.i not in actor_roots and speaker.lower_ not in actor_roots


def _order_to_own_forces(d: Draft, op: Token, by_head: dict[int, Draft]) -> bool:
    """ "The minister ordered troops to pull back": the pull-back is the minister's act."""
    ordered = [c for c in op.children if c.dep_ in ("dobj", "dative") and c.i != d.head.i]
    if ordered and not any(o.lemma_.lower() in OWN_FORCES for o in ordered):
        return False
    subj = subject_of(op)
    if subj is not None:
        d.actor_spans = [np_span(subj)]
    d.recipient_spans = [s for s in d.recipient_spans if not ordered or s.root.i not in {o.i for o in ordered}]
    opd = by_head.get(op.i)
    if opd is not None and opd is not d:
        opd.discarded = f"order carried out as {d.trigger.text!r}"
    d.notes.append(f"ordered by {subj.text if subj is not None else 'unnamed'}: coded as the order-giver's act")
    return True


def _outer_operator(chain: list[tuple[Token, str]], op: Token, cls: str,
                    by_head: dict[int, Draft]) -> tuple[Token, str]:
    """ "rejected calls for a ceasefire": the refusal (an event) governs the call (a noun)."""
    if op.pos_ == "NOUN" and op.i not in by_head:
        for outer, ocls in chain[chain.index((op, cls)) + 1:]:
            if ocls in cx.CONTENT_CLASSES and outer.i in by_head:
                return outer, ocls
    return op, cls


def _speaker_for_pronoun(d: Draft, op: Token) -> None:
    """ "Iraq said it will release ...": the pronoun actor is the speaker."""
    span = d.actor_spans[0] if len(d.actor_spans) == 1 else None
    if span is not None and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in span.root.children) \
            and span.root.lemma_.lower() in OWN_FORCES:
        subj = subject_of(op) if op.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.pos_ != "PRON":
            d.actor_spans = [np_span(subj)]
            d.notes.append(f"'{span.text}' belongs to the speaker {subj.text!r}")
            return
    if len(d.actor_spans) == 1 and d.actor_spans[0].root.lower_ in ("it", "they", "he", "she", "we"):
        subj = subject_of(op) if op.pos_ in ("VERB", "AUX") else None
        if subj is not None and subj.pos_ != "PRON":
            d.actor_spans = [np_span(subj)]
            d.notes.append(f"pronoun actor resolved to the speaker {subj.text!r}")
    for i, span in enumerate(d.recipient_spans):
        # "X said they had received assurances from Y": the reported clause's subject pronoun,
        # moved to the recipient by a converse verb, is still the speaker
        root = span.root
        if root.lower_ in ("it", "they", "he", "she", "we") and root.dep_ == "nsubj" and root.head.i == d.head.i:
            subj = subject_of(op) if op.pos_ in ("VERB", "AUX") else None
            if subj is not None and subj.pos_ != "PRON":
                d.recipient_spans[i] = np_span(subj)
                d.notes.append(f"pronoun recipient resolved to the speaker {subj.text!r}")


def _adopt_roles(op: Draft, content: Draft) -> None:
    if not op.recipient_spans:
        op.recipient_spans = [s for s in content.recipient_spans
                              if all(s.start != a.start for a in op.actor_spans)]
    if not op.actor_spans:
        # (not the one the operator is aimed at: "demanding that the government provide ...")
        op.actor_spans = [s for s in content.actor_spans
                          if all(s.root.i != r.root.i for r in op.recipient_spans)]


def apply_operators(lex: Lexicon, ds: list[Draft]) -> None:
    by_head = {d.head.i: d for d in ds if d.discarded is None}
    recoded: set[int] = set()
    for d in ds:
        if d.discarded is not None:
            continue
        chain = cx.operator_chain(d.head)
        mods = own_markers(d.head)
        if d.entry.event in CONDITIONAL_OK and "hypothetical" in mods and not any(
                a.dep_ in ("aux",) and a.lower_ in ("would", "could", "might", "may") for a in d.head.children):
            mods.discard("hypothetical")
        for op, cls in chain:
            opd = by_head.get(op.i)
            if cls == "attempt" and opd is not None and opd.entry.event == "REQUEST" and d.head.head.i == op.i \
                    and d.head.dep_ in ("dobj", "obj"):
                d.discarded = f"what {op.text!r} asks for, coded as the request"  # "sought aid from Japan"
                break
            if cls == "attempt":
                mods.add("attempted")
            elif cls == "negation":
                mods.add("negated")
                opd = by_head.get(op.i)
                if opd is not None and opd is not d:
                    opd.discarded = f"operator of negated {d.trigger.text!r}"
            elif cls == "report":
                _accused_is_actor(d, op)
                _speaker_for_pronoun(d, op)
                if _speaker_differs(d, op):
                    mods.add("claimed")
            elif cls == "order":
                if _order_to_own_forces(d, op, by_head):
                    mods.add("future")
                    recoded.add(d.head.i)
                    continue
                op, cls = op, "request"
                _content(lex, d, op, cls, by_head.get(op.i), recoded, mods)
                break
            elif cls == "refusal" and d.head.dep_ == "xcomp" and (
                    d.entry.quad_code in (3, 4) and d.entry.event not in ("REQUEST", "REJECT")):
                mods.add("negated")
                opd = by_head.get(op.i)
                if opd is not None and opd is not d:
                    opd.discarded = f"refusal of {d.trigger.text!r} coded as its negation"
                break
            elif cls in cx.CONTENT_CLASSES:
                op, cls = _outer_operator(chain, op, cls, by_head)
                _content(lex, d, op, cls, by_head.get(op.i), recoded, mods)
                break
        if d.discarded is None:
            if "claimed" in mods and "hypothetical" in mods and not _has_condition(d.head):
                mods.discard("hypothetical")  # "said it would withdraw": reported intention
                mods.add("future")
            d.modality = strongest(*mods) if mods else "asserted"
            if d.modality == "negated" and _refused(d, chain) and d.entry.quad_code in (1, 2) \
                    and d.entry.event not in ("REJECT",):
                content = d.entry
                d.entry = cx.as_reject(lex, content, content)
                d.modality = "asserted"
                d.notes.append(f"refusal to {content.event} ('will not', 'failed to'): REJECT")
                continue
            if d.modality == "hypothetical" and any(c == "report" for _, c in chain) \
                    and not any(_speaker_differs(d, op) for op, c in chain if c == "report"):
                recode_future(lex, d)  # "X said it would halt attacks if ...": a conditional promise
            elif d.modality == "future" and d.head.i not in recoded:
                recode_future(lex, d)
                if "claimed" in mods and d.modality == "asserted":
                    d.modality = "claimed"


def _content(lex: Lexicon, d: Draft, op: Token, cls: str, opd: Draft | None,
             recoded: set[int], mods: set[str]) -> None:
    """`d` is the content of operator `op` (class `cls`)."""
    e = d.entry
    if opd is not None and opd is not d:
        if cls == "refusal" and d.kind == "noun" and e.event in ("REQUEST", "AGREE") and d.actor_spans:
            # "Ukraine's request for missiles was turned down by Washington": the request was
            # made, by Ukraine, to the one who refuses it
            d.recipient_spans = list(opd.actor_spans) or d.recipient_spans
        else:
            d.discarded = f"content of {op.text!r} ({cls})"
        if op.i in recoded:
            return
        recoded.add(op.i)
        if cls == "prepare":
            cls = "plan"
        if cls == "threat" or (cls in ("promise", "plan") and cx.is_hostile(e) and op.lemma_ in VOW_VERBS):
            opd.entry = cx.as_threat(lex, opd.entry, e)
        elif cls in ("promise", "plan"):
            opd.entry = cx.as_agree(lex, opd.entry, e)
        elif cls == "request":
            opd.entry = cx.as_request(lex, opd.entry, e)
        elif cls == "refusal":
            asked = _object_mode(d.head) if e.event == "REQUEST" and e.mode is None else None
            opd.entry = cx.as_reject(lex, opd.entry, lex.variant(e, mode=asked) if asked else e)
        opd.notes.append(f"{cls} operator over {d.trigger.text!r} ({e.event}) -> {opd.entry.event}/{opd.entry.mode or '-'}")
        if cls not in ("discuss", "halt"):
            _adopt_roles(opd, d)
        return
    # the operator is not an event itself: recode the content in place
    if cls == "halt" and e.event in HALTED_EVENTS and op.pos_ == "VERB":
        # "Syrian officers ended mediation efforts", "halted talks": breaking off a meeting,
        # cooperation or aid reduces relations (SANCTION)
        mode, cameo = ("withdraw", "164") if e.event == "CONSULT" else ("discontinue", "162")
        d.entry = lex.variant(e, event="SANCTION", mode=mode, cameo=cameo)
        subj = subject_of(op)
        if subj is not None:
            d.actor_spans = [np_span(subj)]
        d.notes.append(f"'{op.text} ... {d.trigger.text}': broken off, SANCTION/{mode}")
        recoded.add(d.head.i)
        return
    if cls in ("discuss", "halt"):
        d.discarded = f"only discussed ({op.text!r})" if cls == "discuss" else f"halted ({op.text!r})"
        return
    base = e
    if cls == "prepare" and cx.is_hostile(e) and e.quad_code == 4:
        d.entry = lex.variant(base, event="MOBILIZE", mode="troops", cameo="150")
        d.notes.append(f"preparing a hostile act ({op.text!r}): MOBILIZE")
        recoded.add(d.head.i)
        return
    if cls == "prepare":
        cls = "plan"
    if cls == "plan" and op.tag_ in ("VBG", "VBN") and op.dep_ not in ("ROOT", "ccomp"):
        return  # "helped in planning the massacres": a past plan, not an announcement
    wanted = None
    if op.lemma_ in WANT_VERBS:
        wanted = next((c for c in op.children if c.dep_ in ("dobj", "dative")), None)
        if wanted is None and d.head.dep_ == "ccomp" and any(c.lower_ == "to" for c in d.head.children):
            wanted = next((c for c in d.head.children if c.dep_ == "nsubj"), None)  # parsed as a clause
    if wanted is not None and d.actor_spans and d.actor_spans[0].root.i == wanted.i:
        cls = "request"  # "Paris wants Rome to send ships": an appeal to Rome
    if cls == "threat" or (cls in ("promise", "plan") and cx.is_hostile(e)):
        d.entry = cx.as_threat(lex, base, e)
    elif cls in ("promise", "plan") and cx.is_cooperative(e) and e.event not in ("CONSULT", "AGREE"):
        d.entry = cx.as_agree(lex, base, e)
    elif cls == "plan":
        mods.add("future")
        return
    elif cls == "request":
        d.entry = cx.as_request(lex, base, e)
        if op.lemma_ in WANT_VERBS:  # a wish is an appeal (CAMEO 02), not a demand (10)
            d.entry = lex.variant(d.entry, cameo=cx.request_cameo("020", d.entry.mode or "change"))
    elif cls == "refusal":
        d.entry = cx.as_reject(lex, base, e)
    else:
        return
    recoded.add(d.head.i)
    d.notes.append(f"{cls} operator {op.text!r} -> {d.entry.event}/{d.entry.mode or '-'}")
    # the one who threatens, promises, asks or refuses is the operator's subject
    subj = subject_of(op) if op.pos_ in ("VERB", "AUX") else (subject_of(op.head) if op.dep_ in ("acomp", "dobj", "attr") else None)
    if subj is not None:
        before = [s for s in d.actor_spans if s.root.i != subj.i]
        d.recipient_spans = [s for s in d.recipient_spans if s.root.i != subj.i] or d.recipient_spans
        d.actor_spans = [np_span(subj)]
        if cls == "refusal" and before and not d.recipient_spans:
            d.recipient_spans = before  # "Armenia is opposed to Turkish mediation": Turkey
        elif cls == "request" and before:
            d.recipient_spans = before  # the one asked to act, not the one it would act on


@Language.factory("titfortat_modality")
def make_modality(nlp: Language, name: str) -> ModalityStage:
    return ModalityStage()


class ModalityStage:
    """spaCy component: sets `modality` and applies operator recoding on every draft."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        lex = self._lexicon or default_lexicon()
        ds = drafts(doc)
        # operators nearer the root first, so nested content sees the final operator codes
        ds.sort(key=lambda d: (d.sent.start, d.head.i))
        apply_operators(lex, ds)
        ds.extend(reported_demands(lex, doc, ds))
        ds.extend(reported_accusations(lex, ds))
        for d in ds:
            if d.discarded is None:
                _without_content(d)
        return doc


STREET_PREPS = frozenset({"in", "at", "outside", "against", "over", "near", "along", "across", "through", "before"})


def in_the_street(verb: Token) -> bool:
    """ "a group of people protested in the square, demanding ...": a place, a cause or a demand
    on the verb make it a demonstration, even where the parser reads it as a trailing "X said"."""
    return any((c.dep_ == "prep" and c.lower_ in STREET_PREPS) or c.dep_ in ("xcomp", "advcl") for c in verb.children)


def _without_content(d: Draft) -> None:
    """Operators whose content is not an event: a warning about something else is not a threat;
    a demand or refusal of an unnamed action asks for change."""
    clause = next((c for c in d.head.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")), None)
    from titfortat.coding.syntax import trailing_attribution

    if d.entry.event == "PROTEST" and d.kind == "verb" and (
            any(c.dep_ == "ccomp" for c in d.head.children)
            or (trailing_attribution(d.head) and not in_the_street(d.head))):
        d.entry = default_lexicon().variant(d.entry, event="ACCUSE", mode="disapprove", cameo="114")
        d.notes.append("'protested that ...' is a verbal complaint: ACCUSE")
    elif d.entry.event == "REQUEST" and cx.operator_class(d.head) == "attempt" and any(
            c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in d.head.children):
        d.discarded = f"'{d.head.text} to ...' is an attempt or aim, not a request"
    elif d.entry.event == "THREATEN" and d.head.lemma_ in ("warn", "vow", "swear") and clause is not None \
            and d.entry.mode is None:
        d.discarded = f"{d.head.text!r} introduces a statement, not a threat"
    elif d.entry.event in ("REQUEST", "REJECT") and d.entry.mode is None:
        mode = "change" if clause is not None else _object_mode(d.head)
        if mode:
            lex = default_lexicon()
            cameo = (cx.request_cameo(d.entry.cameo, mode) if d.entry.event == "REQUEST"
                     else cx.REJECT_CAMEO[mode])
            d.entry = lex.variant(d.entry, mode=mode, cameo=cameo)
            d.notes.append(f"{d.entry.event} mode {mode} from what is asked or refused")


WANT_VERBS = frozenset({"want", "wish"})
HALTED_EVENTS = frozenset({"CONSULT", "COOPERATE", "AID"})
ASSIST_WORDS = frozenset({"aid", "assistance", "help", "support", "weapon", "arm", "missile", "money", "fund",
                          "loan", "troop", "equipment", "ammunition", "food", "supply", "relief", "investment",
                          "protection", "asylum", "refuge", "visa", "backing"})
MEET_WORDS = frozenset({"talk", "meeting", "negotiation", "dialogue", "summit", "visit", "conference", "call"})
YIELD_WORDS = frozenset({"release", "ceasefire", "truce", "withdrawal", "resignation", "amnesty", "pardon",
                         "concession", "return", "handover", "surrender"})


def _object_mode(tok: Token) -> str | None:
    """REQUEST/REJECT mode from the thing asked for or refused ("demanded a recount")."""
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for"):
        objs.extend(g for g in prep.children if g.dep_ == "pobj")
    for o in objs:
        lemma = o.lemma_.lower()
        if lemma in ASSIST_WORDS:
            return "assist"
        if lemma in MEET_WORDS:
            return "meet"
        if lemma in YIELD_WORDS:
            return "yield"
    return "change" if objs and not any(o.pos_ in ("PRON", "PROPN") for o in objs) else None
