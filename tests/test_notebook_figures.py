"""Notebook 04 shows its figures (inline PNGs), not empty plots of a non-display backend."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NB = Path(__file__).resolve().parent.parent / "notebooks" / "04_flights.ipynb"


@pytest.mark.slow
def test_notebook_04_displays_every_figure():
    nb = nbformat.read(NB, as_version=4)
    figures = sum(c.source.count("plt.subplots(") for c in nb.cells if c.cell_type == "code")
    assert figures >= 4
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(NB.parent)}}).execute()
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert len(images) == figures
