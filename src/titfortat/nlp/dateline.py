"""A wire story's dateline ("BAGHDAD, Feb 11 (Reuters) -", "KHARTOUM, Sudan:") is not part of the first sentence.

Without this the parser often takes the dateline city as the subject of the lede. The
component runs before the parser and starts a new sentence after the dateline dash.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from titfortat.nlp.draft import doc_text

DATELINE = re.compile(
    r"""^\s*[A-Z][A-Z.'\- ]{1,40}             # BAGHDAD, NEW YORK, ADDIS ABABA
        (?:,\s*[A-Z][\w.' ]{0,30}){0,2}       # , Iraq / , Feb 11
        (?:\s*\([^)\n]{1,30}\))?             # (Reuters)
        \s*(?:-|--|–|—|:)\s+                 # the dash, or AFP's colon ("LYON: ...")
    """,
    re.VERBOSE,
)


def dateline_end(text: str) -> int | None:
    """Character offset where the body starts after a dateline, or None."""
    m = DATELINE.match(text[:120])
    return m.end() if m else None


@Language.component("titfortat_dateline")
def split_dateline(doc: Doc) -> Doc:
    end = dateline_end(doc_text(doc))
    if end is None:
        return doc
    for tok in doc:
        if tok.idx >= end:
            if tok.i > 0:
                tok.is_sent_start = True
                for t in doc[1:tok.i]:
                    t.is_sent_start = False
            break
    return doc
