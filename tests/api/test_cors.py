"""CORS is off by default (see test_endpoints) and allows exactly the configured origins."""

from __future__ import annotations

from pathlib import Path

from tests.serving import build_sample, serve


def test_configured_origins_only(tmp_path: Path) -> None:
    db = build_sample(str(tmp_path / "cors.db"))
    env = {"TITFORTAT_SERVE_CORS_ORIGINS": "https://desk.example.org, https://team.example.org"}
    with serve(db, tmp_path / "cors.log", extra_env=env) as server:
        _, allowed, _ = server.request("GET", "/api/health", headers={"Origin": "https://desk.example.org"})
        assert allowed["access-control-allow-origin"] == "https://desk.example.org"
        _, other, _ = server.request("GET", "/api/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other
        status, preflight, _ = server.request("OPTIONS", "/api/stories", headers={
            "Origin": "https://team.example.org", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert status == 200 and "POST" in preflight["access-control-allow-methods"]
        assert "content-security-policy" in preflight
