"""Every page stays under 100 KB transferred: its HTML plus its CSS and JS, compressed as served.

Browsers ask for gzip; Django's GZipMiddleware compresses the HTML (with its BREACH padding) and
whitenoise serves the static files pre-compressed. Without compression a page must still stay under
twice the budget, so size cannot hide behind compression alone.
"""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

BUDGET = 100 * 1024
ASSET = re.compile(r'<(?:script|link)[^>]+(?:src|href)="/static/([^"?]+\.(?:js|css))"')
PAGES = [
    "/",
    "/signaalwijzer/",
    "/signaalwijzer/checklist/?rol=wijkteam&minderjarig=nee",
    "/rollen/",
    "/rollen/jeugdzorg_ggz/",
    "/signalen/",
    "/signalen/documents_withheld/",
    "/hulp-en-melden/",
    "/over/",
]


def transferred(client, path: str) -> tuple[int, list[str]]:
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200, path
    assert response.get("Content-Encoding") == "gzip", f"{path} is not compressed"
    html = gzip.decompress(response.content)
    assert len(html) < 2 * BUDGET, f"{path}: {len(html) / 1024:.1f} KB uncompressed"
    assets = sorted(set(ASSET.findall(html.decode())))
    total = len(response.content)
    for asset in assets:
        found = finders.find(asset)
        assert found, f"{path} refers to a missing static file {asset}"
        with open(found, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total, assets


@pytest.mark.parametrize("path", PAGES)
def test_page_is_under_budget(client, path):
    total, assets = transferred(client, path)
    assert total < BUDGET, f"{path}: {total / 1024:.1f} KB with {assets}"


def test_result_page_is_under_budget(client):
    everything = [
        "documents_withheld",
        "works_excessive_hours",
        "debt_to_employer_or_recruiter",
        "threats_or_violence",
        "lvb",
        "minor",
        "sexual_services_under_control_of_other",
        "forced_to_commit_crimes",
    ]
    response = client.post(
        "/signaalwijzer/resultaat/",
        {"rol": "jeugdzorg_ggz", "minderjarig": "ja", "signaal": everything},
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response.status_code == 200
    assert response.get("Content-Encoding") == "gzip"
    assert len(response.content) < BUDGET
    assert len(gzip.decompress(response.content)) < 2 * BUDGET
