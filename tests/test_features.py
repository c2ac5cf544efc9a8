"""features.csv (land GSHHG lacks) and the land circles the build adds for it
(geo.build.land.read_features / feature_pieces / with_features)."""

from __future__ import annotations

import math

import pytest
import shapely

from geo.build.coast import LandPiece
from geo.build.land import (
    FEATURES_ASSIGNED_BY,
    feature_circle,
    feature_pieces,
    read_features,
    with_features,
)
from geo.errors import DataValidationError
from geo.geodesy import geodesic_area_km2, inverse

HEADER = "feature,label,name,lat,lon,radius_m,source\n"


def test_shipped_table_has_scarborough_south_rock() -> None:
    rows = {f.feature: f for f in read_features()}
    rock = rows["scarborough_south_rock"]
    assert rock.label == "scarborough" and 20 <= rock.radius_m <= 50
    # the cited 15°06'N 117°46'E, and within 12 km of the shoal the brief places at
    # 15.15 N 117.76 E
    assert (rock.lat, round(rock.lon, 4)) == (15.1, 117.7667)
    assert inverse(117.76, 15.15, rock.lon, rock.lat)[1] < 12_000
    assert all(len(f.source) > 40 for f in rows.values())


def test_shipped_pieces_have_the_label_area_and_validity() -> None:
    pieces = feature_pieces()
    assert pieces
    for p in pieces:
        assert p.assigned_by == FEATURES_ASSIGNED_BY and p.gshhg_id.startswith("feature:")
        assert p.geometry.is_valid and p.geometry.geom_type == "Polygon"
    rock = next(p for p in pieces if p.gshhg_id == "feature:scarborough_south_rock")
    assert rock.label == "scarborough"
    area_m2 = geodesic_area_km2(rock.geometry) * 1e6
    assert area_m2 == pytest.approx(math.pi * 30.0**2, rel=0.005)


def test_circle_vertices_lie_on_the_geodesic_radius() -> None:
    c = feature_circle(136.08, 20.42, 50.0)
    xy = shapely.get_coordinates(c)[:-1]
    d = inverse(136.08, 20.42, xy[:, 0], xy[:, 1])[1]
    assert len(xy) == 64 and abs(d - 50.0).max() < 1e-6
    assert c.contains(shapely.Point(136.08, 20.42))


def test_features_west_of_the_frame_move_to_continuous_longitudes(tmp_path) -> None:
    path = tmp_path / "features.csv"
    path.write_text(HEADER + "east_rock,USA,Test rock,52.0,-170.0,25,test source\n"
                    "far_rock,USA,Outside the frame,0.0,10.0,25,test source\n",
                    encoding="utf-8")
    pieces = feature_pieces(path)
    assert [p.gshhg_id for p in pieces] == ["feature:east_rock"]
    assert pieces[0].geometry.centroid.x == pytest.approx(190.0, abs=1e-6)


def test_every_bad_row_is_reported(tmp_path) -> None:
    path = tmp_path / "features.csv"
    path.write_text(HEADER
                    + "Bad Id,JPN,x,20,136,30,src\n"            # 1: id not snake_case
                    + "ok_rock,atlantis,x,20,136,30,src\n"      # 2: unknown label
                    + "lat_rock,JPN,x,95,136,30,src\n"          # 3: latitude
                    + "big_rock,JPN,x,20,136,5000,src\n"        # 4: radius too large
                    + "zero_rock,JPN,x,20,136,0,src\n"          # 5: radius not > 0
                    + "no_source,JPN,x,20,136,30,\n"            # 6: empty source
                    + "good_rock,JPN,x,20,136,30,src\n"         # 7: good
                    + "good_rock,JPN,x,20,137,30,src\n",        # 8: repeated id
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        read_features(path)
    got = {(e.row, e.field) for e in err.value.errors}
    assert got == {(1, "feature"), (2, "label"), (3, "lat"), (4, "radius_m"),
                   (5, "radius_m"), (6, "source"), (8, "feature")}
    assert "sovereignty.csv" in str(err.value)


def test_unknown_column_is_refused(tmp_path) -> None:
    path = tmp_path / "features.csv"
    path.write_text(HEADER.strip() + ",height_m\nr,JPN,x,20,136,30,src,2\n",
                    encoding="utf-8")
    with pytest.raises(DataValidationError, match="height_m"):
        read_features(path)


def test_a_feature_gshhg_already_draws_is_refused() -> None:
    island = LandPiece("JPN", "123", "natural earth: JPN",
                       shapely.box(136.07, 20.41, 136.09, 20.43))
    inside = LandPiece("okinotori", "feature:dup", FEATURES_ASSIGNED_BY,
                       feature_circle(136.08, 20.42, 30.0))
    apart = LandPiece("scarborough", "feature:sr", FEATURES_ASSIGNED_BY,
                      feature_circle(117.77, 15.1, 30.0))
    assert [p.gshhg_id for p in with_features([island], [apart])] == ["123", "feature:sr"]
    with pytest.raises(RuntimeError, match="feature:dup"):
        with_features([island], [inside, apart])
