"""Regions of Kazakhstan: the 17 regions (облыс) and the 3 cities of republican
significance, stored as codes on control subjects and translated at render time.

Pure module: no Flask, no database."""

from __future__ import annotations

# code → (kk, ru, en); the three cities first, then the regions in Kazakh alphabetical order
REGIONS: dict[str, tuple[str, str, str]] = {
    "astana": ("Астана қаласы", "город Астана", "Astana city"),
    "almaty_city": ("Алматы қаласы", "город Алматы", "Almaty city"),
    "shymkent": ("Шымкент қаласы", "город Шымкент", "Shymkent city"),
    "abai": ("Абай облысы", "область Абай", "Abai region"),
    "akmola": ("Ақмола облысы", "Акмолинская область", "Akmola region"),
    "aktobe": ("Ақтөбе облысы", "Актюбинская область", "Aktobe region"),
    "almaty_region": ("Алматы облысы", "Алматинская область", "Almaty region"),
    "atyrau": ("Атырау облысы", "Атырауская область", "Atyrau region"),
    "west_kazakhstan": ("Батыс Қазақстан облысы", "Западно-Казахстанская область",
                        "West Kazakhstan region"),
    "zhambyl": ("Жамбыл облысы", "Жамбылская область", "Zhambyl region"),
    "zhetysu": ("Жетісу облысы", "область Жетісу", "Zhetysu region"),
    "karaganda": ("Қарағанды облысы", "Карагандинская область", "Karaganda region"),
    "kostanay": ("Қостанай облысы", "Костанайская область", "Kostanay region"),
    "kyzylorda": ("Қызылорда облысы", "Кызылординская область", "Kyzylorda region"),
    "mangystau": ("Маңғыстау облысы", "Мангистауская область", "Mangystau region"),
    "pavlodar": ("Павлодар облысы", "Павлодарская область", "Pavlodar region"),
    "north_kazakhstan": ("Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
                         "North Kazakhstan region"),
    "turkistan": ("Түркістан облысы", "Туркестанская область", "Turkistan region"),
    "ulytau": ("Ұлытау облысы", "область Ұлытау", "Ulytau region"),
    "east_kazakhstan": ("Шығыс Қазақстан облысы", "Восточно-Казахстанская область",
                        "East Kazakhstan region"),
}
CODES: tuple[str, ...] = tuple(REGIONS)
CITIES: tuple[str, ...] = ("astana", "almaty_city", "shymkent")


def region_name(code: str | None, lang: str) -> str:
    """The region's name in ``lang`` (kk, ru or en); '' for no region, the code if unknown."""
    if not code:
        return ""
    names = REGIONS.get(code)
    if names is None:
        return code
    return names[{"kk": 0, "ru": 1}.get(lang, 2)]
