"""Event coding: triggers, roles, modality, contexts, discard rules, and the final build."""
