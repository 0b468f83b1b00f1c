"""The API documentation works on a closed network: no CDN, assets served by the app."""
import re

import pytest

pytestmark = pytest.mark.django_db


def test_api_docs_load_swagger_from_own_static_files(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.content.decode())
    assert assets, "the docs page references no scripts or styles"
    for url in assets:
        assert url.startswith("/static/"), f"{url} is not served by the app"
        assert client.get(url).status_code == 200
