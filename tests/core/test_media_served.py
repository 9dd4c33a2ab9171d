"""Without object storage, the shipped nginx config serves uploaded images from MEDIA_ROOT."""

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from bench.topology import MAIN_CONF, _stop, _wait_for, free_port, render_site_conf

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


@pytest.mark.skipif(NGINX is None, reason="needs Debian's nginx")
def test_the_shipped_nginx_config_serves_media_from_media_root(tmp_path):
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "calm.png").write_bytes(PNG)
    (tmp_path / "tmp").mkdir()
    (tmp_path / "cache").mkdir()
    if os.geteuid() == 0:
        os.chmod(tmp_path, 0o755)
    port = free_port()
    conf = render_site_conf(
        app_servers=["127.0.0.1:9", "127.0.0.1:9"],  # no app server needed for media
        listen=f"127.0.0.1:{port}",
        cache_dir=str(tmp_path / "cache"),
        media_root=str(media),
    )
    (tmp_path / "steady-path.conf").write_text(conf)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(MAIN_CONF.format(work=tmp_path, user=user))
    nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], start_new_session=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/media/images/calm.png", nginx, "nginx", timeout=10)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/media/images/calm.png") as response:
            assert response.read() == PNG
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response.headers["Content-Security-Policy"]
    finally:
        _stop(nginx)
