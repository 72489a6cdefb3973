"""The HTML report: one self-contained file of dyad timelines, exchange chains, alerts and
the actor network (plotly's JavaScript embedded, so it works offline)."""

from __future__ import annotations

from .html import build_report, write_report

__all__ = ["build_report", "write_report"]
