"""Responses in the three formats every table offers: json, jsonl and csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import orjson
from starlette.responses import Response

from titfortat.web import labels


def dumps(value: Any) -> str:
    """Compact JSON (orjson: several times faster than json on large pages)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY).decode("utf-8")


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(value), status_code=status, media_type="application/json", headers=headers)


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The one error shape: {"error": "...", "status": 404}."""
    return json_response({"error": message, "status": status}, status, headers)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " | ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return dumps(value)
    return str(value)


def table(items: Sequence[dict[str, Any]], fmt: str, name: str, extra: dict[str, Any] | None = None,
          columns: Sequence[str] | None = None) -> Response:
    """A list of flat rows as JSON ({"items": [...], **extra}), JSON lines or CSV (a download)."""
    if fmt == "jsonl":
        body = "".join(dumps(item) + "\n" for item in items)
        return Response(body, media_type="application/x-ndjson")
    if fmt == "csv":
        cols = list(columns or (items[0].keys() if items else []))
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for item in items:
            writer.writerow([_cell(item.get(c)) for c in cols])
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return json_response({"items": list(items), **(extra or {})})


def place_country(record: dict[str, Any]) -> str | None:
    loc = record.get("event_loc") or {}
    return loc.get("country") or labels.country_name(loc.get("country_code"))


def event_row(row: dict[str, Any]) -> dict[str, Any]:
    """A page row (Store.page_events) as a flat summary: the record's main fields, readable
    actor names, the story's source and the cluster's size."""
    rec = row["record"]
    loc = rec.get("event_loc") or {}
    country = place_country(rec)
    return {
        "id": rec["id"], "date": rec.get("date"), "event": rec["event"], "mode": rec.get("mode"),
        "cameo_code": rec.get("cameo_code"), "goldstein": rec.get("goldstein"), "quad_code": rec.get("quad_code"),
        "actor": [labels.entity_label(e, country) for e in rec.get("actor", [])],
        "recipient": [labels.entity_label(e, country) for e in rec.get("recipient", [])],
        "place": loc.get("resolved_place") or loc.get("extracted_place"), "country": country,
        "lat": loc.get("lat"), "lon": loc.get("lon"), "modality": rec.get("modality"),
        "text": rec.get("text"), "story_id": rec.get("story_id"), "source": row.get("source"),
        "url": row.get("url"), "cluster_id": row.get("cluster_id"), "reports": row.get("n_events") or 1,
    }


EVENT_COLUMNS = ("id", "date", "event", "mode", "cameo_code", "goldstein", "quad_code", "actor", "recipient",
                 "place", "country", "lat", "lon", "modality", "text", "story_id", "source", "url",
                 "cluster_id", "reports")


def highlights(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Spans of the sentence to mark: trigger, actor and recipient words, date words, place.

    The trigger comes from the record's offsets; the others are found in the sentence (first
    occurrence, case-insensitive). Overlapping spans keep the earlier kind in this order.
    """
    sentence: str = rec.get("text") or ""
    info = rec.get("text_info") or {}
    spans: list[dict[str, Any]] = []
    start = int(info.get("trigger_start", 0)) - int(info.get("start", 0))
    end = int(info.get("trigger_end", 0)) - int(info.get("start", 0))
    if 0 <= start < end <= len(sentence):
        spans.append({"kind": "trigger", "start": start, "end": end})
    wanted = [("actor", e.get("entity_text")) for e in rec.get("actor", [])]
    wanted += [("recipient", e.get("entity_text")) for e in rec.get("recipient", [])]
    wanted += [("date", rec.get("date_text")), ("place", (rec.get("event_loc") or {}).get("extracted_place"))]
    lower = sentence.lower()
    for kind, words in wanted:
        if not words:
            continue
        at = lower.find(str(words).lower())
        if at < 0:
            continue
        span = {"kind": kind, "start": at, "end": at + len(str(words))}
        if all(span["end"] <= s["start"] or span["start"] >= s["end"] for s in spans):
            spans.append(span)
    return sorted(spans, key=lambda s: s["start"])
