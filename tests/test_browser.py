"""The web UI in a real browser: Debian's Chromium driven by Playwright (no browser
download). Filter, open an event, see its evidence highlighted, correct a field with the
token, see the correction survive ``tadmor run --reprocess``; phone width; no script from
data. Skipped when Chromium or Playwright is absent."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")
expect = sync_api.expect

from tadmor.api import ApiConfig, create_app  # noqa: E402
from tadmor.pipeline import RunOptions, run  # noqa: E402
from tadmor.settings import Settings  # noqa: E402
from tadmor.store import open_store  # noqa: E402
from test_api import REPORTS, TOKEN  # noqa: E402

HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Clash report'


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ui_corpus")
    meta = []
    for name, (text, published, source) in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
        meta.append({"file": name, "published": published, "source": source})
    (root / "hostile.jsonl").write_text(
        json.dumps(
            {
                "text": "Rebels ambushed an army convoy near Macomia on Monday, killing four "
                "soldiers, a military source said.",
                "title": HOSTILE_TITLE,
                "url": "javascript:window.__pwned=2",
                "source": '"><script>window.__pwned=3</script>',
                "published": "2022-05-03",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (root / "metadata.jsonl").write_text(
        "\n".join(json.dumps(m) for m in meta) + "\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def store_path(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("ui_store") / "ui.duckdb")
    st = open_store(path)
    try:
        run([corpus], settings=Settings.create(store=path), store=st)
    finally:
        st.close()
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store_path: str) -> Iterator[str]:
    """The app on a free local port (uvicorn in a thread); the store is closed after."""
    st = open_store(store_path)
    app = create_app(Settings.create(store=store_path), st, ApiConfig(token=TOKEN))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        st.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _page(browser: Any, *, width: int = 1280) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    return page


def _open_events(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("#events-table tbody tr")


def test_filter_open_highlight_correct_and_survive_reprocess(
    browser: Any, store_path: str, corpus: Path
) -> None:
    with serving(store_path) as base:
        page = _page(browser)
        _open_events(page, base)
        all_rows = page.locator("#events-table tbody tr").count()
        assert all_rows >= 3
        assert int(page.get_attribute("#map", "data-points") or 0) >= 3
        # filter: the place by a spelling that is not the stored name
        page.fill("#filters input[name=place]", "Mocimboa da Praia")
        expect(page.locator("#count")).to_have_text(re.compile(r"^2 events"))
        places = page.locator("#events-table tbody tr td:nth-child(5)").all_text_contents()
        assert places == ["Mocímboa da Praia", "Mocímboa da Praia"]
        expect(page.locator("#map")).to_have_attribute("data-points", "2")
        assert "place=Mocimboa" in page.url  # the filter is in the address, to share
        # open the later event (the recapture) from the table
        page.locator("#events-table tbody tr").nth(1).locator("a").click()
        page.wait_for_selector("#view-event .source .doctext mark")
        marks = page.locator("#view-event .doctext mark").all_text_contents()
        assert "recaptured" in marks, marks
        assert any("Mozambican troops" in m for m in marks), marks
        event_url = page.url
        event_id = event_url.rsplit("/", 1)[1]
        # correct the fatalities with the token
        page.select_option("#correct-field select[name=field]", "fatalities")
        page.fill("#correct-field input[name=value]", "7")
        page.fill("#view-event input[name=note]", "ministry later gave seven dead")
        page.click("#correct-field button[type=submit]")
        page.wait_for_selector("#token-dialog[open]")
        page.fill("#token-input", TOKEN)
        page.fill("#author-input", "Analyst One")
        page.click("#token-ok")
        expect(page.locator("#view-event tr[data-field=fatalities] td.value")).to_have_text(
            re.compile(r"^7")
        )
        listed = page.locator("#corrections li").all_text_contents()
        assert any("Analyst One" in t and "fatalities" in t for t in listed), listed
        assert page.errors == []
    # the correction survives a re-analysis of every document
    st = open_store(store_path)
    try:
        run([corpus], settings=Settings.create(store=store_path), store=st,
            options=RunOptions(reprocess=True))  # fmt: skip
    finally:
        st.close()
    with serving(store_path) as base:
        page = _page(browser)
        page.goto(f"{base}/#/event/{event_id}")
        page.wait_for_selector("#view-event tr[data-field=fatalities] td.value")
        assert page.text_content("#view-event tr[data-field=fatalities] td.value") == "7"
        assert "corrected" in (page.text_content("#view-event") or "")
        # the table flags it too
        _open_events(page, base)
        assert page.locator(f"#events-table tr.corrected[data-id='{event_id}']").count() == 1


def test_hostile_strings_stay_text_and_links_stay_safe(browser: Any, store_path: str) -> None:
    with serving(store_path) as base:
        page = _page(browser)
        _open_events(page, base)
        page.fill("#filters input[name=q]", "convoy")
        expect(page.locator("#count")).to_have_text(re.compile(r"^1 event"))
        page.locator("#events-table tbody tr a").first.click()
        page.wait_for_selector("#view-event .source h3 a")
        assert HOSTILE_TITLE in (page.text_content("#view-event .source h3") or "")
        page.locator("#view-event .source h3 a").first.click()
        page.wait_for_selector("#view-doc .doctext")
        assert page.locator("#view-doc img").count() == 0
        hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if h.lower().lstrip().startswith(("javascript:", "data:"))]
        assert page.evaluate("window.__pwned === undefined")
        assert page.errors == []


@pytest.mark.parametrize("view", ["#/", "#/review", "#/control"])
def test_pages_fit_a_phone(browser: Any, store_path: str, view: str) -> None:
    with serving(store_path) as base:
        page = _page(browser, width=390)
        page.goto(base + "/" + view)
        page.wait_for_timeout(800)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, (view, width)
        if view == "#/control":
            assert page.locator("#control-table tbody tr").count() >= 1
            assert page.locator("#c-legend li").count() >= 1
        if view == "#/review":
            conf = page.locator("#review-table tbody tr td:first-child").all_text_contents()
            assert conf and [float(c) for c in conf] == sorted(float(c) for c in conf)
        assert page.errors == []


def test_add_a_report_from_the_page(browser: Any, store_path: str) -> None:
    with serving(store_path) as base:
        page = _page(browser)
        _open_events(page, base)
        page.click("#add-report summary")
        page.fill("#upload-form textarea[name=text]", (
            "Militiamen torched a granary in the town of Montepuez on Saturday, residents "
            "said. Two farmers were killed in the attack."
        ))  # fmt: skip
        page.fill("#upload-form input[name=source]", "Cabo Wire")
        page.fill("#upload-form input[name=published]", "2022-07-04")
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector("#token-dialog[open]")
        page.fill("#token-input", TOKEN)
        page.click("#token-ok")
        expect(page.locator("#upload-status")).to_have_text(re.compile(r": done"), timeout=180_000)
        page.fill("#filters input[name=q]", "granary")
        expect(page.locator("#count")).to_have_text(re.compile(r"^[1-9]\d* events? match"))
        assert "Montepuez" in page.locator("#events-table tbody").text_content()
        assert page.errors == []
