import json

import pytest

import application


@pytest.fixture
def client(tmp_path, monkeypatch):
    urls = tmp_path / "urls.json"
    urls.write_text(json.dumps({"gh": {"url": "https://github.com"}}))
    monkeypatch.setattr(application, "URLS_FILE", str(urls))
    monkeypatch.setattr(application.load_urls, "__defaults__", (str(urls),))
    monkeypatch.setattr(application.save_urls, "__defaults__", (str(urls),))
    application.app.config["TESTING"] = True
    with application.app.test_client() as client:
        yield client


def test_load_urls_missing_file(tmp_path):
    assert application.load_urls(str(tmp_path / "none.json")) == {}


def test_redirects_known_code(client):
    response = client.get("/gh")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://github.com"


def test_unknown_code_is_404(client):
    assert client.get("/nope").status_code == 404


def test_rejects_bad_code(client):
    response = client.post("/your-url", data={"code": "a b", "url": "https://x.org"})
    assert response.status_code == 302
    assert "gh" in application.load_urls()
