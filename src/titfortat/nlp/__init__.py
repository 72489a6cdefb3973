"""spaCy plumbing: model loading, Doc extensions, the titfortat pipeline."""
