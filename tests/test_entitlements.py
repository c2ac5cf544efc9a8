"""entitlements.csv and geo.zones.entitlements: island or rock (UNCLOS art. 121(3)) per
perspective."""

from __future__ import annotations

import pytest

from geo.errors import DataValidationError
from geo.zones.entitlements import entitlement_of, read_entitlements
from geo.zones.sovereignty import read_sovereignty

HEADER = "label,perspective,entitlement,source\n"


@pytest.fixture(scope="module")
def table():
    return read_entitlements()


def test_shipped_table_reads_and_cites_every_row(table) -> None:
    assert list(table.columns) == ["label", "perspective", "entitlement", "source"]
    assert set(table["label"]) <= set(read_sovereignty()["label"])
    assert (table["source"].str.len() > 60).all()


@pytest.mark.parametrize("persp,want", [
    ("administering", "island"), (None, "island"), ("JPN", "island"), ("CHN", "rock"),
    ("KOR", "rock"), ("TWN", "rock"), ("chn", "rock"),
    ("USA", "island"), ("PHL", "island"),  # no recorded view: the administering row
])
def test_okinotori_per_view(table, persp, want) -> None:
    assert entitlement_of(table, "okinotori", persp) == want


@pytest.mark.parametrize("persp,want", [
    ("administering", "island"), ("CHN", "island"), ("PHL", "rock"),
    ("TWN", "island"), ("JPN", "island"), ("VNM", "island"),
])
def test_scarborough_per_view(table, persp, want) -> None:
    assert entitlement_of(table, "scarborough", persp) == want


@pytest.mark.parametrize("label", ["senkaku", "takeshima", "JPN", "unknown_label"])
def test_unlisted_labels_are_islands(table, label) -> None:
    for persp in ("administering", "JPN", "CHN", "KOR"):
        assert entitlement_of(table, label, persp) == "island"


def test_fallback_without_administering_row(tmp_path) -> None:
    path = tmp_path / "entitlements.csv"
    path.write_text(HEADER + "okinotori,CHN,rock,src\n", encoding="utf-8")
    t = read_entitlements(path)
    assert entitlement_of(t, "okinotori", "CHN") == "rock"
    assert entitlement_of(t, "okinotori", "JPN") == "island"
    assert entitlement_of(t, "okinotori", "administering") == "island"


def test_every_bad_row_is_reported(tmp_path) -> None:
    path = tmp_path / "entitlements.csv"
    path.write_text(HEADER
                    + "atlantis,CHN,rock,src\n"           # 1: label not in sovereignty
                    + "okinotori,China,rock,src\n"        # 2: perspective not ISO3
                    + "okinotori,CHN,reef,src\n"          # 3: entitlement not allowed
                    + "okinotori,KOR,rock,\n"             # 4: empty source
                    + "okinotori,TWN,rock,src\n"          # 5: good
                    + "okinotori,TWN,island,src\n"        # 6: pair repeated
                    + "okinotori,JPN,island\n",           # 7: too few fields
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_entitlements(path)
    got = {(e.row, e.field) for e in err.value.errors}
    assert got == {(1, "label"), (2, "perspective"), (3, "entitlement"), (4, "source"),
                   (6, "perspective"), (7, "*")}
    text = str(err.value)
    assert "'reef' is not one of island, rock" in text and "already listed in row 5" in text


def test_labels_can_be_given(tmp_path) -> None:
    path = tmp_path / "entitlements.csv"
    path.write_text(HEADER + "atlantis,CHN,rock,src\n", encoding="utf-8")
    assert entitlement_of(read_entitlements(path, labels={"atlantis"}), "atlantis",
                          "CHN") == "rock"
    with pytest.raises(DataValidationError, match="did you mean 'atlantiss'"):
        read_entitlements(path, labels={"atlantiss", "senkaku"})
