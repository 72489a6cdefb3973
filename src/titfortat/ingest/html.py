"""Article extraction from HTML: body paragraphs, title and date from the page metadata."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup

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
    for meta in soup.find_all("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "")
        if str(key).lower() in {k.lower() for k in _DATE_META} and meta.get("content"):
            record["date"] = str(meta["content"]).strip()[:10]
            break
    if "date" not in record:
        t = soup.find("time", attrs={"datetime": True})
        if t:
            record["date"] = str(t["datetime"])[:10]
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
