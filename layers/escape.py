"""Safe text for HTML and JavaScript: every string from data or users passes through here.

* :func:`esc` HTML-escapes any value (``&``, ``<``, ``>``, ``"``, ``'``); ``None`` and NaN
  become an empty string.
* :func:`safe_href` accepts only absolute ``http``/``https`` URLs with a host and returns
  them HTML-escaped for an ``href`` attribute; anything else (``javascript:``, ``data:``,
  relative paths) gives ``None``.
* :func:`linkify` escapes free text and turns each http(s) URL in it into a link.
* :func:`js_json` serialises data for a ``<script>`` block so that no string in it can
  close the script element or start a comment (``<``, ``>``, ``&``, U+2028 and U+2029 are
  written as ``\\uXXXX`` escapes, which JavaScript reads back as the same characters).
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any
from urllib.parse import urlsplit

_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:)]}"
_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
              "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JS_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def text(value: Any) -> str:
    """The display text of a value: ``""`` for ``None``/NaN/NaT, else ``str(value)``."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    try:
        import pandas as pd

        if value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def esc(value: Any) -> str:
    """HTML-escape a value for element content or a quoted attribute."""
    return html.escape(text(value), quote=True)


def safe_href(url: Any) -> str | None:
    """``url`` escaped for an ``href`` attribute if it is an absolute http(s) URL with a
    host, else ``None``."""
    raw = text(url).strip()
    if not raw or any(c in raw for c in "\x00\r\n\t <>\"'`\\"):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return html.escape(raw, quote=True)


def link(url: Any, label: Any | None = None) -> str:
    """An ``<a>`` element opening ``url`` in a new tab, or the escaped label/URL as plain
    text when the URL is not http(s)."""
    href = safe_href(url)
    shown = esc(label if label is not None else url)
    if href is None:
        return shown
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def linkify(value: Any) -> str:
    """Escape free text and make each http(s) URL in it a link (trailing punctuation such
    as a closing bracket or full stop stays outside the link)."""
    raw = text(value)
    out: list[str] = []
    pos = 0
    for m in _URL.finditer(raw):
        url = m.group(0)
        trail = ""
        while url and url[-1] in _TRAILING:
            trail = url[-1] + trail
            url = url[:-1]
        out.append(esc(raw[pos:m.start()]))
        out.append(link(url))
        out.append(esc(trail))
        pos = m.end()
    out.append(esc(raw[pos:]))
    return "".join(out)


def js_json(obj: Any) -> str:
    """Compact JSON that is safe to paste into a ``<script>`` element."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return js_safe(s)


def js_safe(json_text: str) -> str:
    """Make already-serialised JSON safe inside a ``<script>`` element (see module doc)."""
    return _JS_UNSAFE_RE.sub(lambda m: _JS_UNSAFE[m.group(0)], json_text)
