"""Article extraction from HTML: body paragraphs, title and date from the page metadata.

A page date is read in any form `ingest.dates` knows ("2025-03-04T10:00:00Z", "Tuesday,
4 March 2025"); one it cannot read, or out of range, is left out, so `--date` applies and the
article is still coded (page metadata is the publisher's, not the user's, to fix).
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

from titfortat.ingest.dates import read_date
from titfortat.temporal.calendar import in_range

_DATE_META = ("article:published_time", "og:published_time", "date", "pubdate",
              "publishdate", "dc.date", "dcterms.date", "datePublished")
_DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "figure")


def parse_html(html: str) -> dict[str, Any]:
    soup = BeautifulSoup(html, "html.parser")
    record: dict[str, Any] = {}
    title = soup.find("meta", attrs={"property": "og:title"})
    if title and title.get("content"):
        record["title"] = str(title["content"]).strip()
    elif soup.title and soup.title.string:
        record["title"] = soup.title.string.strip()
    keys = {k.lower() for k in _DATE_META}
    candidates = [str(m["content"]) for m in soup.find_all("meta")
                  if str(m.get("property") or m.get("name") or m.get("itemprop") or "").lower() in keys
                  and m.get("content")]
    candidates += [str(t["datetime"]) for t in soup.find_all("time", attrs={"datetime": True})]
    for value in candidates:
        day = read_date(value)
        if day is not None and in_range(day):
            record["date"] = day.isoformat()
            break
    canonical = soup.find("link", attrs={"rel": "canonical"})
    if canonical and canonical.get("href"):
        record["url"] = str(canonical["href"])
    for tag in soup(_DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    paragraphs = [p.get_text(" ", strip=True) for p in root.find_all("p")]
    paragraphs = [p for p in paragraphs if p]
    record["text"] = "\n\n".join(paragraphs) if paragraphs else root.get_text("\n", strip=True)
    return record
