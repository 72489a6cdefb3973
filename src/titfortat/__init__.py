"""titfortat: English news to political event data, and who is answering whom."""

__version__ = "0.1.0"
