"""The web app shell and the API docs are served by rvuedge itself, no asset from elsewhere."""

import json
import re

from fastapi.testclient import TestClient

from rvuedge.web.router import STATIC_DIR

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_index_is_the_app_shell(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/static/js/app.js">' in r.text
    assert 'rel="manifest"' in r.text


def test_manifest_makes_it_installable(client: TestClient) -> None:
    r = client.get("/manifest.webmanifest")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/manifest+json")
    manifest = r.json()
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_service_worker_is_served_from_the_root_and_caches_real_files(client: TestClient) -> None:
    r = client.get("/sw.js")
    assert r.status_code == 200
    assert "javascript" in r.headers["content-type"]
    listed = re.search(r"const SHELL = (\[.*?\]);", r.text, re.DOTALL).group(1)
    shell = json.loads(listed.replace(",\n]", "]"))
    assert "/static/js/app.js" in shell
    for path in shell:
        assert client.get(path).status_code == 200, path
    # Every module the app imports is in the offline shell.
    modules = {
        f"/static/{p.relative_to(STATIC_DIR).as_posix()}" for p in (STATIC_DIR / "js").rglob("*.js")
    }
    assert modules <= set(shell)


def test_the_app_shell_stays_under_200_kb(client: TestClient) -> None:
    """Everything the service worker keeps for offline use, as served: under 200 KB in all."""
    listed = re.search(r"const SHELL = (\[.*?\]);", client.get("/sw.js").text, re.DOTALL).group(1)
    shell = json.loads(listed.replace(",\n]", "]"))
    sizes = {path: len(client.get(path).content) for path in [*shell, "/sw.js"]}
    total = sum(sizes.values())
    print(f"app shell: {total} bytes in {len(sizes)} files")
    assert total < 200 * 1024, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]


def test_no_asset_comes_from_another_host() -> None:
    for path in STATIC_DIR.rglob("*"):
        if path.suffix in {".html", ".js", ".css", ".webmanifest"}:
            text = path.read_text()
            assert not EXTERNAL.search(text), path
            assert "@import url(http" not in text, path


def test_docs_and_redoc_load_their_assets_locally(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        r = client.get(page)
        assert r.status_code == 200
        urls = re.findall(
            r"""(?:src|href)=["']([^"']+)["']|(?:url|spec-url)\s*[:=]\s*["']([^"']+)["']""", r.text
        )
        flat = [u for pair in urls for u in pair if u]
        assert flat, page
        for url in flat:
            assert not url.startswith(("http:", "https:", "//")), (page, url)
            assert client.get(url).status_code == 200, (page, url)
