"""No page asks another host for anything, runs inline script without a nonce, or carries inline styles."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

LABOUR = ["documents_withheld", "works_excessive_hours", "debt_to_employer_or_recruiter"]


def _pages(client):
    yield "home", client.get(reverse("public:home"))
    yield "start", client.get(reverse("public:screening_start"))
    yield (
        "checklist",
        client.get(reverse("public:screening_checklist"), {"rol": "wijkteam", "minderjarig": "ja"}),
    )
    yield (
        "checklist error",
        client.post(reverse("public:screening_result"), {"rol": "wijkteam", "minderjarig": "ja"}),
    )
    yield "roles", client.get(reverse("public:roles"))
    yield "role guide", client.get(reverse("public:role_guide", args=["wijkteam"]))
    yield "library", client.get(reverse("public:indicators"))
    yield "indicator", client.get(reverse("public:indicator", args=["documents_withheld"]))
    yield "routes", client.get(reverse("public:routes"))
    yield "about", client.get(reverse("public:about"))
    yield "404", client.get("/bestaat-niet/")


def _result(client):
    return client.post(
        reverse("public:screening_result"), {"rol": "wijkteam", "minderjarig": "nee", "signaal": LABOUR}
    )


EXTERNAL = re.compile(
    r"<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href|srcset)=\"(https?:)?//", re.I
)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)


def _check(name: str, html: str, nonce: str) -> None:
    assert not EXTERNAL.search(html), f"{name}: a request to another host"
    assert not re.search(r"\sstyle=", html, re.I), f"{name}: a style= attribute"
    assert "<style" not in html.lower(), f"{name}: a <style> element"
    assert not re.search(r"\son[a-z]+=", html, re.I), f"{name}: an inline event handler"
    for attrs, body in SCRIPT.findall(html):
        assert "src=" in attrs or f'nonce="{nonce}"' in attrs, f"{name}: inline script without nonce"
        if "src=" in attrs:
            assert not body.strip(), f"{name}: script with both src and a body"
            assert 'src="/static/' in attrs, f"{name}: script from outside our static files"


def _nonce(response) -> str:
    header = response.get("Content-Security-Policy", "")
    match = re.search(r"'nonce-([^']+)'", header)
    return match.group(1) if match else "-"


def test_no_page_requests_anything_elsewhere_or_inlines_code(kb, nl):
    for name, response in _pages(nl):
        assert response.status_code in (200, 400, 404), name
        _check(name, response.content.decode(), _nonce(response))


def test_result_page_is_equally_clean(engine, nl):
    response = _result(nl)
    assert response.status_code == 200
    _check("result", response.content.decode(), _nonce(response))


def test_htmx_is_loaded_only_where_it_is_used(kb, nl):
    for name, response in _pages(nl):
        html = response.content.decode()
        assert ("htmx-2.min.js" in html) == (name == "library"), name


def test_htmx_script_carries_the_csp_nonce(kb, nl):
    response = nl.get(reverse("public:indicators"))
    assert f'nonce="{_nonce(response)}"' in response.content.decode()
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/signaalwijzer/"])
def test_every_page_has_landmarks_skip_link_and_one_h1(kb, nl, path):
    html = nl.get(path).content.decode()
    assert '<a class="skip-link" href="#inhoud">' in html
    assert '<main id="inhoud"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    assert html.count("<h1") == 1
    assert 'tabindex="1' not in html
