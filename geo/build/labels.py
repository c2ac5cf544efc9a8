"""Which label (state or disputed-feature group) each piece of coast belongs to.

A label is an ISO 3166-1 alpha-3 state code or a disputed-feature group of
``data/sovereignty.csv`` (``senkaku``, ``takeshima``, ``southern_kurils``, ``paracel``,
``scarborough``, ``okinotori``; the ``TWN`` label is Taiwan with Penghu, Kinmen, Matsu,
Wuqiu and Pratas, which China's view assigns to CHN). Rule, in order:

1. A GSHHG polygon whose representative point lies in one of :data:`FEATURE_AREAS` gets
   that area's label. The areas are small documented boxes around the disputed groups and
   around islands that Natural Earth 10m lacks or gives to the wrong state.
2. Otherwise the Natural Earth 10m admin-0 unit it lies in, mapped to its sovereign
   (Guam -> USA, Hong Kong -> CHN, ...). A polygon that overlaps units of several
   sovereigns is split along Natural Earth's land borders if it is a landmass (area over
   :data:`SPLIT_MIN_KM2`), otherwise it goes to the unit it overlaps most.
3. Otherwise (islands missing from Natural Earth) the nearest unit within
   :data:`MAX_NEAREST_KM`; a polygon farther than that from every unit stops the build
   with a list, so that it is added to :data:`FEATURE_AREAS` with a source.

Land features that GSHHG does not draw at all (the rocks of Scarborough Shoal) are added
by :func:`geo.build.land.feature_pieces` from ``data/features.csv`` with their own label.

All coordinates are lon/lat degrees, WGS84, with longitudes east of 180 written past 180.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeatureArea:
    """A documented area whose islands get ``label``: ``ring`` is a closed lon/lat ring."""

    label: str
    name: str
    ring: tuple[tuple[float, float], ...]
    source: str


def _box(west: float, south: float, east: float, north: float) -> tuple[tuple[float, float], ...]:
    return ((west, south), (east, south), (east, north), (west, north), (west, south))


#: Areas checked before Natural Earth (rule 1). Each encloses only the named islands among
#: the GSHHG full-resolution polygons (checked against the data when drawn).
FEATURE_AREAS: tuple[FeatureArea, ...] = (
    FeatureArea(
        "senkaku", "Senkaku Islands / Diaoyu Dao (Uotsuri-jima to Taisho-jima)",
        _box(123.3, 25.6, 124.7, 26.05),
        "Japan Coast Guard / MOFA Japan 'Senkaku Islands': 25 deg 40'-56' N, 123 deg 27' - "
        "124 deg 34' E",
    ),
    FeatureArea(
        "takeshima", "Takeshima / Dokdo (Nishijima, Higashijima and rocks)",
        _box(131.8, 37.2, 131.95, 37.3),
        "MOFA Japan 'Takeshima'; MOFA Korea 'Dokdo': 37 deg 14' N, 131 deg 52' E",
    ),
    FeatureArea(
        "southern_kurils",
        "Southern Kurils / Northern Territories (Habomai, Shikotan, Kunashiri, Etorofu); "
        "west edge between Nosappu-misaki (Hokkaido) and Kaigara-jima and through the "
        "Nemuro Strait, east edge through the Friza (Vries) Strait",
        ((145.83, 43.25), (147.30, 43.25), (149.15, 45.10), (149.15, 46.00), (147.80, 46.00),
         (145.40, 44.45), (145.40, 43.75), (145.83, 43.45), (145.83, 43.25)),
        "MOFA Japan 'Japan's Northern Territories' (map of the four islands); positions of "
        "Nosappu-misaki 43.38 N 145.82 E and Urup's south cape 45.65 N 149.44 E",
    ),
    FeatureArea(
        "paracel", "Paracel Islands / Xisha / Hoang Sa (Amphitrite and Crescent groups)",
        _box(110.9, 15.6, 113.0, 17.3),
        "Paracel Islands span 15 deg 46'-17 deg 08' N, 111 deg 11'-112 deg 54' E "
        "(US CIA World Factbook, 'Paracel Islands')",
    ),
    FeatureArea(
        "TWN", "Matsu Islands: Nangan, Beigan, Gaodeng, Daqiu (Lienchiang County, ROC)",
        _box(119.905, 26.10, 120.07, 26.30),
        "Lienchiang County Government (Matsu), Republic of China: Nangan 26.15 N 119.93 E, "
        "Beigan 26.22 N 119.99 E; Natural Earth 10m Taiwan omits Matsu",
    ),
    FeatureArea(
        "TWN", "Matsu Islands: Juguang (Dongju, Xiju)",
        _box(119.90, 25.92, 120.01, 26.00),
        "Lienchiang County Government (Matsu), Republic of China: Juguang 25.97 N 119.95 E",
    ),
    FeatureArea(
        "TWN", "Matsu Islands: Dongyin, Xiyin, Liang Island",
        _box(120.19, 26.32, 120.53, 26.41),
        "Lienchiang County Government (Matsu), Republic of China: Dongyin 26.37 N 120.49 E, "
        "Liang Island 26.34 N 120.22 E",
    ),
    FeatureArea(
        "TWN", "Kinmen: Dadan and Erdan islands",
        _box(118.145, 24.37, 118.165, 24.40),
        "Kinmen County Government, Republic of China: Dadan 24.38 N 118.14 E",
    ),
    FeatureArea(
        "TWN", "Pratas Island (Dongsha), administered by the ROC (Kaohsiung City)",
        _box(116.6, 20.6, 116.85, 20.8),
        "Dongsha Atoll National Park (ROC Ocean Conservation Administration): Pratas Island "
        "20.70 N 116.72 E",
    ),
    FeatureArea(
        "TWN", "Wuqiu: Daqiu and Xiaoqiu islets (Wuqiu Township, Kinmen County, ROC)",
        _box(119.44, 24.97, 119.48, 25.00),
        "Kinmen County Government (ROC), 'Wuqiu Township' (villages Dachiou and Xiaochiou, "
        "73 nmi NE of Kinmen; https://www.kinmen.gov.tw/en/); Wikipedia 'Wuqiu, Kinmen': "
        "24 deg 59'21\" N, 119 deg 27'20\" E; Natural Earth 10m Taiwan omits Wuqiu",
    ),
    FeatureArea(
        "okinotori", "Okinotorishima (Tokyo Metropolis, Ogasawara Village)",
        _box(136.0, 20.38, 136.15, 20.47),
        "Japan Coast Guard / MLIT: Okinotorishima 20 deg 25' N, 136 deg 05' E; its own "
        "label because its entitlement is disputed (entitlements.csv: CHN and KOR hold it "
        "a rock under UNCLOS art. 121(3)); owned by JPN under every view",
    ),
    FeatureArea(
        "tunbs", "Greater Tunb and Lesser Tunb (Tonb-e Bozorg, Tonb-e Kuchak; Tunb al-Kubra, "
        "Tunb al-Sughra)",
        _box(55.05, 26.18, 55.40, 26.32),
        "Greater Tunb 26 deg 15' N, 55 deg 16' E; Lesser Tunb 26 deg 14' N, 55 deg 08' E, "
        "about 12 km apart, 20 km south of Qeshm (Wikipedia, 'Greater and Lesser Tunbs', "
        "seen at https://wap.bdmobi.com/view_html.php?lang=en&q=Greater_and_Lesser_Tunbs); "
        "Natural Earth 10m has no land there, so without the area GSHHG's two islands went "
        "to IRN (nearest unit) under every view, the UAE's included",
    ),
)

#: Landmasses larger than this (km2) that overlap several sovereigns are split along
#: Natural Earth's land borders; smaller islands go wholly to the unit they overlap most.
SPLIT_MIN_KM2 = 5000.0

#: Islands outside every Natural Earth unit go to the nearest one within this distance.
#: (Bikar and Bokak atolls lie about 230 km from the nearest Marshall Islands polygon of
#: Natural Earth 10m.)
MAX_NEAREST_KM = 400.0
