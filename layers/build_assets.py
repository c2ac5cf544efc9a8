"""Build step: vendor the map's JavaScript and CSS from the npm registry into ``layers/assets``.

The HTML maps inline these files so that a map works with no network at all (its data is
inline too; only web tiles, when chosen, need the internet). Run once, re-runnable, and
commit the output::

    python -m layers.build_assets

It calls ``npm pack`` for each pinned package (the versions folium 0.20 loads from its
CDNs; Leaflet.markercluster clusters big inputs), checks the tarball's sha512 integrity
against the pin below, copies the minified files out, embeds the images that the CSS
refers to as ``data:`` URIs, strips source-map comments, and writes ``assets/assets.json``
(package, version, integrity,
licence, output file hashes) and ``assets/LICENSES.txt`` (the packages' licence texts).
Nothing here runs at map time; :mod:`layers.assets` only reads the output.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Where the vendored files go (inside the package, next to the code that inlines them).
ASSET_DIR = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class NpmAsset:
    """One npm package and the files taken from it: ``files`` maps the path inside the
    tarball (below ``package/``) to the output file name in :data:`ASSET_DIR`."""

    package: str
    version: str
    integrity: str
    license: str
    files: dict[str, str]
    license_file: str = "LICENSE"


#: The pinned packages. ``integrity`` is the registry's sha512 for that exact tarball.
PACKAGES = (
    NpmAsset(
        package="leaflet",
        version="1.9.3",
        integrity="sha512-iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
        license="BSD-2-Clause",
        files={"dist/leaflet.js": "leaflet.js", "dist/leaflet.css": "leaflet.css"},
    ),
    NpmAsset(
        package="leaflet-measure",
        version="2.1.7",
        integrity="sha512-IvoHIoVTIQSXUgaNnAMF17qXFB+dF5ICdwmY8BHyq/Hh33/xeGqQUUYlz0pRMzFN9NUcjsT6JBhCr1ia0CG5ug==",
        license="MIT",
        files={"dist/leaflet-measure.min.js": "leaflet-measure.js",
               "dist/leaflet-measure.css": "leaflet-measure.css"},
    ),
    NpmAsset(
        package="leaflet.fullscreen",
        version="3.0.0",
        integrity="sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
        license="MIT",
        files={"Control.FullScreen.js": "fullscreen.js",
               "Control.FullScreen.css": "fullscreen.css"},
    ),
    NpmAsset(  # marker clustering for big inputs (layers.bigimpacts)
        package="leaflet.markercluster",
        version="1.5.3",
        integrity="sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        license="MIT",
        files={"dist/leaflet.markercluster.js": "markercluster.js",
               "dist/MarkerCluster.css": "markercluster.css",
               "dist/MarkerCluster.Default.css": "markercluster-default.css"},
        license_file="MIT-LICENCE.txt",
    ),
)

_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_SOURCE_MAP = re.compile(r"^\s*//# sourceMappingURL=\S+\s*$", re.MULTILINE)
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}


def _npm_pack(spec: str, dest: Path) -> dict:
    """Download one tarball with ``npm pack`` into ``dest``; return npm's JSON record."""
    proc = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        check=True, capture_output=True, text=True,
    )
    records = json.loads(proc.stdout)
    return records[0]


def _inline_css_urls(css: str, base: str, tar: tarfile.TarFile) -> str:
    """Replace every relative ``url(...)`` image of a CSS file with a ``data:`` URI read
    from the same tarball (``base`` is the CSS file's folder inside it)."""

    def repl(m: re.Match) -> str:
        ref = m.group(2)
        if ref.startswith(("data:", "#", "http:", "https:")):
            return m.group(0)
        parts = [p for p in f"{base}/{ref}".split("/") if p and p != "."]
        stack: list[str] = []
        for p in parts:
            if p == "..":
                stack.pop()
            else:
                stack.append(p)
        member = "/".join(stack)
        mime = _MIME.get(Path(member).suffix.lower())
        if mime is None:
            raise ValueError(f"CSS refers to {ref!r}: no MIME type known for it")
        data = tar.extractfile(member).read()
        return f'url("data:{mime};base64,{base64.b64encode(data).decode("ascii")}")'

    return _CSS_URL.sub(repl, css)


def build(out_dir: Path = ASSET_DIR) -> dict:
    """Fetch, check and write every pinned asset into ``out_dir``; return the manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"tool": "python -m layers.build_assets", "packages": [], "files": {}}
    licences: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in PACKAGES:
            spec = f"{pkg.package}@{pkg.version}"
            print(f"npm pack {spec}", file=sys.stderr)
            rec = _npm_pack(spec, Path(tmp))
            if rec.get("integrity") != pkg.integrity:
                raise RuntimeError(f"{spec}: integrity {rec.get('integrity')} does not match "
                                   f"the pinned {pkg.integrity}")
            with tarfile.open(Path(tmp) / rec["filename"]) as tar:
                for inner, out_name in pkg.files.items():
                    member = f"package/{inner}"
                    text = tar.extractfile(member).read().decode("utf-8")
                    if out_name.endswith(".css"):
                        text = _inline_css_urls(text, str(Path(member).parent), tar)
                    text = _SOURCE_MAP.sub("", text).rstrip() + "\n"
                    (out_dir / out_name).write_text(text, encoding="utf-8")
                    manifest["files"][out_name] = {
                        "package": pkg.package,
                        "from": inner,
                        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                        "bytes": len(text.encode("utf-8")),
                    }
                lic = tar.extractfile(f"package/{pkg.license_file}").read().decode("utf-8")
            licences.append(f"==== {spec} ({pkg.license}) ====\n\n{lic.strip()}\n")
            manifest["packages"].append({"name": pkg.package, "version": pkg.version,
                                         "integrity": pkg.integrity, "license": pkg.license,
                                         "tarball": rec.get("filename")})
    (out_dir / "LICENSES.txt").write_text("\n".join(licences), encoding="utf-8")
    (out_dir / "assets.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> int:
    """Entry point of ``python -m layers.build_assets``."""
    manifest = build()
    for name, info in manifest["files"].items():
        print(f"{name}: {info['bytes']} bytes from {info['package']}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
