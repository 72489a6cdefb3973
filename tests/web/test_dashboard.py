"""The dashboard in real Chromium: every view loads, a dyad chain leads to an event page,
no request leaves the loopback address, and the views stay usable at phone width."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.serving import Server

pytestmark = pytest.mark.browser
VIEWS = ("dyad", "map", "timeline", "alerts", "events")


@pytest.fixture
def page(browser: Any, dashboard: Server) -> Iterator[Any]:
    """A fresh page that records every request and every console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(90_000)  # a busy machine is slow, not wrong
    pg = context.new_page()
    pg.requests = []
    pg.problems = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("console", lambda m: pg.problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    yield pg
    context.close()


def open_view(page: Any, server: Server, query: str) -> None:
    page.goto(f"{server.url}/?{query}")
    page.wait_for_selector("main[aria-busy=false]", timeout=90_000)


def only_loopback(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith("data:") and urlparse(u).hostname not in ("127.0.0.1", "localhost")]


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_loads(page: Any, dashboard: Server, view: str, tmp_path: Path) -> None:
    open_view(page, dashboard, f"view={view}")
    page.screenshot(path=str(tmp_path / f"{view}.png"), full_page=True)
    assert not page.problems
    assert not page.locator("main .error").count()
    assert only_loopback(page.requests) == []
    text = page.inner_text("main")
    assert "XXX" not in text
    if view == "map":
        points = dashboard.get_json("/api/map?limit=2000")["items"]
        assert page.locator("svg.map circle").count() == len(points) > 0
        assert page.locator("svg.map path.land").count() > 150
    elif view == "timeline":
        assert page.locator("main svg rect").count() > 10
    elif view == "alerts":
        assert page.locator("details.alert").count() == len(dashboard.get_json("/api/alerts")["items"])
    elif view == "events":
        assert page.locator("main tbody tr").count() == 50
    else:
        assert page.locator("svg circle.act").count() == len(dashboard.get_json(
            f"/api/exchanges?a={page.input_value('#pick-a')}&b={page.input_value('#pick-b')}")["items"])
    assert page.locator("a.csv").count() >= 1


def test_click_through_a_chain_to_an_event_page(page: Any, dashboard: Server, tmp_path: Path) -> None:
    open_view(page, dashboard, "view=dyad&a=IRQ:GOV&b=IRQ:PRM")
    acts = dashboard.get_json("/api/exchanges?a=IRQ:GOV&b=IRQ:PRM")["items"]
    answer = next(a for a in acts if a["answers"] and a["response_class"] != "unanswered")
    row = page.locator(f"tr[id='act-{answer['id']}']")
    row.locator("a.jump").click()  # up to the act it answers
    assert page.evaluate("location.hash") == f"#act-{answer['answers']}"
    page.locator(f"tr[id='act-{answer['answers']}'] td >> nth=2").locator("a").click()
    page.wait_for_selector("#sentence")
    assert f"id={answer['answers']}" in page.url
    marks = page.locator("#sentence mark.trigger")
    assert marks.count() == 1
    first = next(a for a in acts if a["id"] == answer["answers"])
    assert marks.inner_text().strip() and marks.inner_text() in first["text"]
    assert page.locator("ul.reasons li").count() >= 1
    page.screenshot(path=str(tmp_path / "event.png"), full_page=True)
    page.go_back()
    page.wait_for_selector("svg circle.act")
    page.locator(f"svg circle.act[data-id='{answer['id']}']").click()
    page.wait_for_selector("#sentence")
    assert f"id={answer['id']}" in page.url
    assert only_loopback(page.requests) == [] and not page.problems


def test_filters_live_in_the_url(page: Any, dashboard: Server) -> None:
    open_view(page, dashboard, "view=events")
    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=since]", "2025-06-01")
    page.click("#filters button")
    page.wait_for_function("location.search.includes('type=ASSAULT')")
    page.wait_for_selector("main[aria-busy=false]")
    assert "since=2025-06-01" in page.url
    page.reload()
    page.wait_for_selector("main[aria-busy=false]")
    assert page.input_value("select[name=type]") == "ASSAULT"
    cells = page.locator("main tbody tr td:nth-child(2)").all_inner_texts()
    assert cells and all(c.startswith("ASSAULT") for c in cells)


def test_csv_download_is_the_table(page: Any, dashboard: Server, tmp_path: Path) -> None:
    open_view(page, dashboard, "view=dyad&a=IRQ:GOV&b=IRQ:PRM")
    with page.expect_download() as info:
        page.locator("a.csv >> nth=0").click()
    path = tmp_path / "exchanges.csv"
    info.value.save_as(path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and list(rows[0])[:4] == ["id", "date", "source", "target"]
    assert [r["id"] for r in rows] == page.locator("svg circle.act").evaluate_all("els => els.map(e => e.dataset.id)")


@pytest.mark.parametrize("view", ("dyad", "events", "map"))
def test_phone_width(browser: Any, dashboard: Server, view: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    context.set_default_timeout(90_000)
    pg = context.new_page()
    open_view(pg, dashboard, f"view={view}")
    pg.screenshot(path=str(tmp_path / f"phone-{view}.png"))
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at phone width"
    context.close()
