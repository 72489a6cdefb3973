"""What the classifier sees: names, dates and numbers masked, by the one function that both
training and the coding stage use."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from titfortat.learn.classifier import ModelError, load_classifier
from titfortat.learn.features import featurize


@pytest.mark.parametrize("text,seen", [
    ("On 14 June 2023, Zorvan militiamen killed 7 Teluri herders near Pell Harbour.",
     "on _date_, _name_ militiamen killed _num_ _name_ herders near _name_."),
    ("Police dispersed 1,500 marchers in Quarrytown on March 3, 2019.",
     "police dispersed _num_ marchers in _name_ on _date_."),
    ("Arrests: As reported on 2024-02-09, officers detained the Mayor of Olden Vale.",
     "arrests: as reported on _date_, officers detained the _name_ of _name_."),
    ("Gunmen   shot a farmer.\nTwo others fled.", "gunmen shot a farmer. two others fled."),
])
def test_names_dates_and_numbers_become_placeholders(text: str, seen: str) -> None:
    assert featurize(text) == seen


def test_two_regions_describing_the_same_event_look_the_same() -> None:
    assert featurize("On 2 May 2020, Kessar Brigade fighters abducted 3 traders in Moruba.") == \
        featurize("On 19 August 2017, Lanvi Youth Front fighters abducted 12 traders in Tessalin Ridge.")


def test_the_model_featurises_with_this_function(model_dir: Path) -> None:
    """Training and coding share featurize: the fitted vectorisers call it on every text."""
    clf = load_classifier(model_dir)
    union = clf.estimator.steps[0][1]
    for _, vectorizer in union.transformer_list:
        assert vectorizer.preprocessor is featurize


def test_coding_stage_sees_what_training_saw(model_dir: Path) -> None:
    """Two sentences that differ only in names and numbers get the same prediction, and the
    coder's classifier stage adds exactly what the classifier called directly gives."""
    from titfortat.nlp import pipeline
    from titfortat.nlp.draft import drafts

    texts = ["Unknown gunmen abducted 4 traders from the Harlow market and asked for a ransom.",
             "Unknown gunmen abducted 11 traders from the Brisket market and asked for a ransom."]
    direct = load_classifier(model_dir).predict(texts)
    assert direct[0] == direct[1]
    nlp = pipeline.load(classifier=str(model_dir))
    for text in texts:
        evidence = [e for d in drafts(nlp(text)) for e in d.evidence if e.source == "classifier"]
        assert evidence, "the stage added no classifier evidence"
        assert {(e.sub, e.strength) for e in evidence} == {(direct[0][0], round(direct[0][1], 3))}


def test_folder_of_the_earlier_model_format_is_refused(tmp_path: Path, model_dir: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(model_dir, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["format"] = "titfortat-classifier/1"
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"classifier format 1, this titfortat reads format 2; "
                                         r"train the classifier again with this installation"):
        load_classifier(folder)


def test_the_label_is_the_class_weighted_svms_own_choice(model_dir: Path) -> None:
    """Calibration must not overrule the class weights: the label is the SVM's top decision
    value, the confidence the calibrated probability of that same label."""
    clf = load_classifier(model_dir)
    texts = ["Gunmen abducted two traders on the road.", "Students marched peacefully to the ministry.",
             "Soldiers and rebels exchanged fire for hours near the border.", "Rioters torched a police post."]
    pipe = clf.estimator
    x = pipe[:-1].transform(texts)
    svm = pipe[-1].calibrated_classifiers_[0].estimator
    own = [clf.labels[i] for i in svm.decision_function(x).argmax(axis=1)]
    probs = pipe[-1].predict_proba(x)
    got = clf.predict(texts)
    assert [label for label, _ in got] == own
    assert [p for _, p in got] == [float(probs[i][clf.labels.index(lab)]) for i, lab in enumerate(own)]
