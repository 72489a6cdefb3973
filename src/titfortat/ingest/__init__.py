"""Reading stories: text files with headers, JSONL, HTML; files, folders and stdin."""

from titfortat.ingest.readers import read_paths, story_from_record

__all__ = ["read_paths", "story_from_record"]
