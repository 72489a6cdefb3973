"""The one error hierarchy of titfortat.

    TitForTatError
    ├── UsageError            bad command-line arguments or settings (exit status 2)
    ├── DataFileError         a shipped or user data file is invalid (file:line in the message)
    ├── ModelNotFoundError    the spaCy model named in the settings is not installed
    ├── StoryError            one story cannot be read or coded; the batch goes on
    │   ├── ReadError         cannot read the file (binary, bad encoding, malformed JSON)
    │   └── RejectedStory     readable, but not codable (empty, not English, too large)
    ├── StoreError            the database cannot be opened, migrated or written
    └── AnalysisError         the data cannot support the requested analysis
"""

from __future__ import annotations


class TitForTatError(Exception):
    """Root of all titfortat errors."""


class UsageError(TitForTatError):
    """Bad arguments or settings."""


class DataFileError(TitForTatError):
    """An invalid data file; the message names file and line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class ModelNotFoundError(TitForTatError):
    """The configured spaCy model cannot be loaded."""


class StoryError(TitForTatError):
    """A story that cannot be read or coded. `origin` is "file:line"."""

    def __init__(self, origin: str, message: str) -> None:
        self.origin = origin
        self.reason = message
        super().__init__(f"{origin}: {message}")

    def __reduce__(self) -> tuple[type[StoryError], tuple[str, str]]:
        """Pickle by (origin, reason), so errors cross to and from worker processes."""
        return (type(self), (self.origin, self.reason))


class ReadError(StoryError):
    """The input cannot be read as a story."""


class RejectedStory(StoryError):
    """The story was read but cannot be coded."""


class StoreError(TitForTatError):
    """Database problems."""


class AnalysisError(TitForTatError):
    """The data cannot support the requested analysis (too short, constant, ...)."""
