"""The bad-input matrix: one row per kind of input a user may feed `code` or `ingest`.

Each row is a few files in a folder of its own. All rows are written into one batch and run
together (one `code` run, one `ingest` run per backend), so the matrix costs a handful of
processes. A row lists the items that must be skipped (origin, words of the reason), the
stories that must be coded or stored, and the warnings that must be printed. Every sentence
here was written for these tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

TEMPLATES = (
    "Police arrested {n} smugglers near the border on Sunday, officials said.",
    "Soldiers detained {n} suspects in a raid on a village near Mosul on Sunday.",
)
BATCH_DATE = "2024-06-01"  # the --date of the batch runs


def good(n: int) -> str:
    """A distinct short story with at least one event."""
    return TEMPLATES[n % 2].format(n=n + 2)


@dataclass(frozen=True)
class Row:
    name: str
    files: dict[str, bytes]
    skipped: dict[str, str] = field(default_factory=dict)  # "file:line" -> words of the reason
    good: tuple[str, ...] = ()  # story ids coded (code) and stored (ingest)
    warned: dict[str, str] = field(default_factory=dict)  # "file:line" -> words of the warning
    dates: dict[str, str] = field(default_factory=dict)  # story id -> date of its first event
    needs_non_root: bool = False  # permission rows mean nothing to root


def txt(body: str, **headers: str) -> bytes:
    head = "".join(f"{k.capitalize()}: {v}\n" for k, v in headers.items())
    return (head + ("\n" if head else "") + body + "\n").encode("utf-8")


def jsonl(*records: object) -> bytes:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records).encode("utf-8")


def _rows() -> list[Row]:
    n = iter(range(1000))
    rows: list[Row] = []

    def add(name: str, files: dict[str, bytes], **kw: object) -> None:
        rows.append(Row(name, files, **kw))  # type: ignore[arg-type]

    # Text files -------------------------------------------------------------------------
    add("empty-file", {"empty.txt": b""}, skipped={"empty.txt:1": "empty story text"})
    add("blank-lines-only", {"blank.txt": b"\n\n  \n\t\n"}, skipped={"blank.txt:1": "empty story text"})
    add("headers-without-body", {"headonly.txt": txt("", title="A title", date="2024-05-01")},
        skipped={"headonly.txt:1": "empty story text"})
    add("binary", {"binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))},
        skipped={"binary.txt:1": "binary file"})
    add("latin-1", {"latin1.txt": "Les manifestants ont défilé à Paris.".encode("latin-1")},
        skipped={"latin1.txt:1": "invalid UTF-8"})
    add("twenty-megabytes", {"huge.txt": b"Troops shelled the town. " * 840_000},
        skipped={"huge.txt:1": "over the limit"})
    add("one-megabyte-word", {"word.txt": b"x" * 1_000_000}, skipped={"word.txt:1": "over the limit"})
    add("long-word-in-a-story", {"longword.txt": txt(good(next(n)) + " " + "y" * 30_000)},
        good=("longword",))
    add("long-story-in-windows", {"long.txt": txt("\n\n".join(
        " ".join(good(i) for i in range(k, k + 4)) for k in range(0, 520, 4)), date="2024-05-07")},
        good=("long",), dates={"long": "2024-05-05"})
    add("not-english", {"french.txt": txt(
        "Le gouvernement a annoncé mardi une série de mesures pour la population et les syndicats "
        "ont appelé à une grève générale dans tout le pays.", date="2024-05-01")},
        skipped={"french.txt:1": "does not look like English"})
    add("bom", {"bom.txt": b"\xef\xbb\xbf" + txt(good(next(n)), date="2024-05-07")}, good=("bom",),
        dates={"bom": "2024-05-05"})
    add("crlf", {"crlf.txt": txt(good(next(n)), date="2024-05-07").replace(b"\n", b"\r\n")},
        good=("crlf",), dates={"crlf": "2024-05-05"})
    add("old-mac-cr", {"cr.txt": txt(good(next(n)), date="2024-05-07").replace(b"\n", b"\r")},
        good=("cr",), dates={"cr": "2024-05-05"})
    add("zero-width", {"zw.txt": txt(good(next(n)).replace("arrested", "ar\u200brested")
                                     .replace("Police", "\ufeffPolice\u200d"))}, good=("zw",))
    add("nul-after-8k", {"nul.txt": txt("There was no news from the town at all. " * 230 + "\x00\x00 " + good(next(n)))},
        good=("nul",))
    add("control-characters", {"ctrl.txt": txt("\x07\x1b[31m" + good(next(n)) + "\x0b\x0c\x7f\x85")},
        good=("ctrl",))
    add("line-separators", {"lsep.txt": txt(good(next(n)) + "\u2028" + good(next(n)) + "\u2029")},
        good=("lsep",))
    add("future-date-header", {"future.txt": txt(good(next(n)), date="2150-03-05")}, good=("future",),
        warned={"future.txt:1": "in the future"})
    add("year-one-date", {"y1.txt": txt("Gunmen attacked a police station on Sunday.", date="0001-01-01")},
        skipped={"y1.txt:1": "out of range"})
    add("year-9999-date", {"y9999.txt": txt("Talks will resume next week, officials said.",
                                           date="9999-12-31")},
        skipped={"y9999.txt:1": "out of range"})
    add("last-day-in-range", {"edge.txt": txt("Talks will resume next week. " + good(next(n)),
                                              date="2199-12-31")},
        good=("edge",), warned={"edge.txt:1": "in the future"})
    add("first-day-in-range", {"first.txt": txt("Two days earlier, " + good(next(n)), date="1800-01-01")},
        good=("first",))
    add("unicode-digit-date", {"digits.txt": txt(good(next(n)), date="٢٠٢٤-٠٥-٠٧")}, good=("digits",),
        dates={"digits": "2024-05-05"})
    add("fullwidth-digit-date", {"wide.txt": txt(good(next(n)), date="２０２４-０５-０７")}, good=("wide",),
        dates={"wide": "2024-05-05"})
    add("date-not-a-date", {"baddate.txt": txt(good(next(n)), date="next Tuesday-ish")},
        skipped={"baddate.txt:1": "is not a date"})
    add("february-30", {"feb30.txt": txt(good(next(n)), date="2024-02-30")},
        skipped={"feb30.txt:1": "is not a date"})
    add("absurd-offsets", {"offsets.txt": txt("A million years later, rebels attacked the town. "
                                              "Ten thousand centuries ago, " + good(next(n)))},
        good=("offsets",))
    add("duplicate-id-across-files", {"dup_a.txt": txt(good(next(n)), id="twin"),
                                      "dup_b.txt": txt(good(next(n)), id="twin")},
        good=("twin",), skipped={"dup_b.txt:1": "duplicate id 'twin', first seen at {dir}/dup_a.txt:1"})

    # HTML -------------------------------------------------------------------------------
    def page(meta_date: str, body: str, extra: str = "") -> bytes:
        return (f"<html><head><title>T</title><meta property='article:published_time' "
                f"content='{meta_date}'>{extra}</head><body><nav>Menu</nav><article><p>{body}</p>"
                f"</article></body></html>").encode()

    add("html-written-date", {"written.html": page("Tuesday, 7 May 2024", good(next(n)))},
        good=("written",), dates={"written": "2024-05-05"})
    add("html-rfc-date", {"rfc.html": page("Tue, 07 May 2024 10:00:00 GMT", good(next(n)))},
        good=("rfc",), dates={"rfc": "2024-05-05"})
    add("html-unreadable-date", {"nodate.html": page("sometime last spring", good(next(n)))},
        good=("nodate",), dates={"nodate": "2024-05-26"})  # --date applies: the Sunday before 1 June
    add("html-year-one-date", {"y1page.html": page("0001-01-01T00:00:00Z", good(next(n)))},
        good=("y1page",))
    add("html-scripts-and-big-attribute", {"heavy.html": page(
        "2024-05-07", good(next(n)), "<script>var x = '" + "z" * 1000 + "';</script>"
        "<meta name='blob' content='" + "q" * 5_000_000 + "'>")}, good=("heavy",))
    add("html-empty-body", {"emptypage.html": page("2024-05-07", "")},
        skipped={"emptypage.html:1": "empty story text"})

    # JSONL ------------------------------------------------------------------------------
    def lines(name: str, bad: object, reason: str, *, keep: bool = False) -> None:
        sid = name.replace("-", "_")
        ids = (f"{sid}_ok",) + ((f"{sid}_bad",) if keep else ())
        add(name, {f"{sid}.jsonl": jsonl(bad, {"id": f"{sid}_ok", "text": good(next(n))})},
            skipped={} if keep else {f"{sid}.jsonl:1": reason}, good=ids)

    lines("jsonl-malformed", "{not json", "malformed JSON")
    lines("jsonl-array", "[1, 2]", "must be an object")
    lines("jsonl-missing-text", {"id": "a1"}, "missing required field 'text'")
    lines("jsonl-missing-id", {"text": good(next(n))}, "missing required field 'id'")
    lines("jsonl-text-not-string", {"id": "a2", "text": 42}, "'text' must be a string")
    lines("jsonl-id-boolean", {"id": True, "text": good(next(n))}, "'id' must be")
    lines("jsonl-id-float", {"id": 1.5, "text": good(next(n))}, "'id' must be")
    lines("jsonl-id-object", {"id": {"a": 1}, "text": good(next(n))}, "'id' must be")
    lines("jsonl-date-year-one", {"id": "a3", "date": "0001-01-01", "text": "Rebels attacked on Sunday."},
          "out of range")
    lines("jsonl-date-9999", {"id": "a4", "date": "9999-12-31", "text": "Talks resume next week."},
          "out of range")
    lines("jsonl-date-number", {"id": "a5", "date": 20240507, "text": good(next(n))}, "not a YYYY-MM-DD")
    lines("jsonl-nul-escape", {"id": "jsonl_nul_escape_bad", "text": "\x00" + good(next(n)) + "\x00",
                               "title": "a\x00b"}, "", keep=True)
    lines("jsonl-lone-surrogate", '{"id": "jsonl_lone_surrogate_bad", "title": "\\udc80", "text": "\\ud800 '
          + good(next(n)) + '"}', "", keep=True)
    lines("jsonl-ten-megabyte-line", {"id": "a6", "text": "Troops shelled the town. " * 420_000},
          "over the limit")
    add("jsonl-invalid-utf8-line", {"badbytes.jsonl": b'{"id": "b1", "text": "caf\xe9"}\n' +
                                    jsonl({"id": "badbytes_ok", "text": good(next(n))})},
        skipped={"badbytes.jsonl:1": "invalid UTF-8"}, good=("badbytes_ok",))
    add("jsonl-bom-and-crlf", {"bomcrlf.jsonl": b"\xef\xbb\xbf" + jsonl(
        {"id": "bomcrlf_1", "text": good(next(n))}, {"id": "bomcrlf_2", "text": good(next(n))}
    ).replace(b"\n", b"\r\n")}, good=("bomcrlf_1", "bomcrlf_2"))
    add("jsonl-int-and-string-id", {"ids.jsonl": jsonl({"id": 7001, "text": good(next(n))},
                                                       {"id": "7001", "text": good(next(n))},
                                                       {"id": " 7001 ", "text": good(next(n))})},
        good=("7001",), skipped={"ids.jsonl:2": "duplicate id '7001', first seen at {dir}/ids.jsonl:1",
                                 "ids.jsonl:3": "duplicate id '7001', first seen at {dir}/ids.jsonl:1"})
    add("jsonl-blank-and-space-lines", {"spaced.jsonl": b"\n   \n" + jsonl(
        {"id": "spaced_1", "text": good(next(n))}) + b"\t\n"}, good=("spaced_1",))

    # Folders ----------------------------------------------------------------------------
    add("symlink-loop", {"inloop.txt": txt(good(next(n))), "@loop": b"."}, good=("inloop",))
    add("unreadable-subfolder", {"locked/hidden.txt": txt(good(next(n))), "!locked": b"",
                                 "open.txt": txt(good(next(n)))},
        skipped={"locked": "cannot read folder"}, good=("open",), needs_non_root=True)
    add("unreadable-file", {"noread.txt": txt(good(next(n))), "!noread.txt": b""},
        skipped={"noread.txt": "cannot read"}, needs_non_root=True)
    add("other-extensions-ignored", {"notes.pdf": b"%PDF-1.4\x00\x00", "kept.txt": txt(good(next(n)))},
        good=("kept",))
    return rows


ROWS: list[Row] = _rows()
