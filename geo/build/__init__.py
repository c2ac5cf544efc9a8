"""Build-time code: reads the raw registry inputs (GSHHG, Natural Earth) and writes ``data/``.

Nothing here runs at query time; these modules import build-only packages lazily.
"""
