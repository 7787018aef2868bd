"""Every page stays under 100 KB transferred: its HTML plus its CSS and JS, compressed as served.

HTML is sent as is (no compression middleware); static files are served gzip-compressed by whitenoise.
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
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content
    assets = sorted(set(ASSET.findall(html.decode())))
    total = len(html)
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
        "/signaalwijzer/resultaat/", {"rol": "jeugdzorg_ggz", "minderjarig": "ja", "signaal": everything}
    )
    assert response.status_code == 200
    assert len(response.content) < BUDGET
