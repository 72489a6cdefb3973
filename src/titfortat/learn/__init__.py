"""Learning from labelled events: a text classifier for ACLED's sub-event types.

    corpus      reading ACLED exports and correction files into labelled examples
    labels      the 25 ACLED sub-event types a model may learn (from data/acled.yaml)
    classifier  the model: training, saving, loading (refusing other versions), predicting
    train       `titfortat train`: files in, a model folder out (written whole or not at all)
    component   the spaCy stage that adds classifier evidence to each draft event
    review      `titfortat review`: the records the coder is least sure of, for correction

See docs/learning.md. Nothing here ships weights: users train on their own data.
"""
