"""Indicators: what a figure measures, from the rules of indicators.yml."""

from __future__ import annotations

import re
from functools import lru_cache

from analysis.claims.grammar import _load_yaml
from analysis.claims.quantities import Quantity
from analysis.claims.subjects import lexicon as subjects_lexicon


@lru_cache(maxsize=1)
def load_indicators() -> list[dict]:
    """Return the indicator definitions of ``analysis/data/lexicons/indicators.yml`` with compiled regexes.

    Each dict has id, label, track (str or None), units (set), growth_of, context (bool) and compiled
    ``keywords``/``also``/``cue``/``not_cue``/``noun`` (or None). Read once per process.
    """
    return list(_indicators())


@lru_cache(maxsize=1)
def _indicators() -> tuple[dict, ...]:
    raw = _load_yaml("indicators.yml")
    out = []
    for spec in raw["indicators"]:
        d = {
            "id": spec["id"],
            "label": spec["label"],
            "track": spec.get("track"),
            "units": set(spec.get("units", [])),
            "growth_of": spec.get("growth_of"),
            "context": bool(spec.get("context", False)),
            "measures": spec.get("measures"),
        }
        for key in ("keywords", "also", "cue", "not_cue", "noun"):
            d[key] = re.compile(spec[key]) if spec.get(key) else None
        out.append(d)
    return tuple(out)


def indicator_labels() -> dict[str, str]:
    """Return {indicator id: English label} including 'other' (for the book's tables)."""
    labels = {d["id"]: d["label"] for d in load_indicators()}
    labels["other"] = "Other figure"
    return labels


# --------------------------------------------------------------------------------------------
#: Where an indicator's rule may match, in the order tried: the claim's clause, its sentence, and (only for
#: indicators marked ``context``) the previous sentence of the same paragraph. The names appear in the
#: register's ``why`` column ("indicator=trade_turnover@clause").
INDICATOR_SCOPES = ("clause", "sentence", "previous-sentence")


def _match_indicator(q: Quantity, clause: tuple[int, int], norm: str, prev_norm: str | None
                     ) -> tuple[dict | None, int | None]:
    """Return (indicator, position of its nearest keyword in the sentence or None) for a quantity."""
    ind, pos, _scope = _match_indicator_scope(q, clause, norm, prev_norm)
    return ind, pos


def _match_indicator_scope(q: Quantity, clause: tuple[int, int], norm: str, prev_norm: str | None,
                           any_in_previous: bool = False) -> tuple[dict | None, int | None, str | None]:
    """:func:`_match_indicator` plus the scope (one of :data:`INDICATOR_SCOPES`) where it matched, or None.

    In the previous sentence only indicators marked ``context`` match, unless *any_in_previous* (the sentence
    explains the one before it: "Речь идет о … на сумму около $300 млн" after "заинтересован в экспорте")."""
    cl_text = norm[clause[0]:clause[1]]
    for scope, text, offset in (("clause", cl_text, clause[0]), ("sentence", norm, 0)):
        b = _best_in_scope(q, cl_text, text, offset, False)
        if b:
            return b[1], b[2], scope
    if prev_norm:
        b = _best_in_scope(q, cl_text, prev_norm, None, not any_in_previous)
        if b:
            return b[1], None, "previous-sentence"
    return None, None, None


def _rule_applies(ind: dict, q: Quantity, cl_text: str, use_context_only: bool) -> bool:
    """The indicator's unit, context flag, cue / not-cue (in the clause) and counted noun allow figure *q*."""
    if q.unit not in ind["units"]:
        return False
    if use_context_only and not ind["context"]:
        return False
    if ind["cue"] is not None and not ind["cue"].search(cl_text):
        return False
    if ind["not_cue"] is not None and ind["not_cue"].search(cl_text):
        # "доля … выросла с 5-ти до 25 процентов": the ends of a change are levels, the change word no bar
        if not (q.change_range and ind["not_cue"].pattern == _change_cue()):
            return False
    return not (ind["noun"] is not None and not (q.noun and ind["noun"].match(q.noun)))


def _best_in_scope(q: Quantity, cl_text: str, scope: str, offset: int | None, use_context_only: bool):
    """The indicator whose keyword is nearest the figure in *scope* (ties: first in indicators.yml).

    Returns ((distance, rank), indicator, keyword position in the sentence or None), or None. *offset* is
    where *scope* starts in the sentence (None: another sentence, where distances do not count).
    """
    best = None
    for rank, ind in enumerate(load_indicators()):
        if not _rule_applies(ind, q, cl_text, use_context_only):
            continue
        if ind["keywords"] is None:
            dist, pos = 0.0, None
        else:
            ms = list(ind["keywords"].finditer(scope))
            if not ms:
                continue
            if ind["also"] is not None and not ind["also"].search(scope):
                continue
            dist, pos = _keyword_distance(q, ind, ms, scope, offset)
        key = (dist, rank)
        if best is None or key < best[0]:
            best = (key, ind, pos)
    return best


def _keyword_distance(q: Quantity, ind: dict, ms: list, scope: str, offset: int | None
                      ) -> tuple[float, int | None]:
    """(gap between the nearest keyword and the figure, where the quote should start for it)."""
    if offset is None:
        return 0.0, None

    # gap between the keyword and the figure (0 when they touch or overlap)
    def gap(m):
        return max(0, m.start() + offset - q.end, q.start - (m.end() + offset))

    mm = min(ms, key=gap)
    dist = gap(mm)
    # the also-pattern may sit further away (e.g. "торговый оборот" for "данный показатель"); its position,
    # nearest the figure's centre, only extends the quote
    pos = mm.start() + offset
    if ind["also"] is not None:
        centre = (q.start + q.end) / 2
        ma = min(ind["also"].finditer(scope), key=lambda m: abs((m.start() + m.end()) / 2 + offset - centre))
        pos = min(pos, ma.start() + offset)
    return dist, pos


# --------------------------------------------------------------------------------------------
# Meaning: what the counted noun and the figure's subject say, after the keyword rules


@lru_cache(maxsize=1)
def _change_cue() -> str:
    """The change words (indicators.yml ``change_cue``) that bar a level indicator from a growth figure."""
    return _load_yaml("indicators.yml")["change_cue"]


@lru_cache(maxsize=1)
def _meaning() -> dict:
    raw = _load_yaml("indicators.yml")["meaning"]
    return {k: re.compile(v) for k, v in raw.items()}


@lru_cache(maxsize=1)
def _by_id() -> dict[str, dict]:
    return {d["id"]: d for d in _indicators()}


def able_to_handle(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """What a port, a terminal or a berth is able to handle is its capacity, not a volume handled: "Порт способен
    обработать порядка 12 млн тонн", "здесь смогут принимать до 20 тысяч автомашин в год"."""
    if q.unit not in {"t", "t/yr", "TEU", "count"} or not _meaning()["able_to_handle"].search(_clause_before(norm, q)):
        return None
    if _meaning()["able_to_handle_where"].search(norm):
        return "port_capacity"
    # "Инфраструктура ТМТМ позволяет перевозить по маршруту порядка 6 млн тонн": a route's capacity, no volume moved
    return "other" if q.unit in {"t", "t/yr", "TEU"} else None


def reserves_are_no_volume(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A field's reserves are no oil moved or produced: "Геологические запасы Кашагана оцениваются в 4,8 миллиарда
    тонн нефти", "Общие нефтяные запасы составляют 38 миллиардов баррелей, из них извлекаемые — около 10"."""
    return "other" if _meaning()["reserves"].search(_clause_before(norm, q)) else None


def against_a_plan(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A change against a plan is the plan's fulfilment, no growth: "на 13,7 процентов больше плана"."""
    if q.unit in ("%", "x") and _meaning()["against_plan"].search(norm[q.end:q.end + 60]):
        return "other"
    return None


def demand_is_no_volume(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """Demand is no volume moved: "спрос на контейнерные перевозки по Среднему коридору вырос на 450-500 процентов"."""
    return "other" if _meaning()["demand"].search(_clause_before(norm, q)) else None


def vehicles_are_no_volume(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A count of ships, ferries, trains or trips is no throughput or volume: "6 новых контейнерных судов" (and a
    part of such a count whose noun is left out: "265 поездов, из них 104 — транзитные")."""
    if q.unit != "count":
        return None
    vehicles = _meaning()["vehicles"]
    if vehicles.match(norm[q.end:q.end + 60]):
        return "other"
    # the noun a part took from its count ("контейнерных" of "300 контейнерных поездов"), read where it stands
    k = norm.rfind(q.noun, 0, q.start) if q.noun and q.rule == "listed_amount" else -1
    return "other" if k >= 0 and vehicles.match(" " + norm[k:k + 60]) else None


def direction_by_governor(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """The noun that governs a trade figure, not the nearest keyword, says which way it flows: "Экспорт
    Азербайджана в Казахстан … достиг 98,3 млн долларов, импорт из Казахстана - 314,2 млн" (export, import)."""
    if ind not in ("exports_value", "imports_value"):
        return None
    new = {"экспорт": "exports_value", "импорт": "imports_value"}.get(ctx.get("governor") or "")
    return new if new and new != ind else None


def one_trains_journey(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """What one transit train carries is a batch, not a freight volume ("Первый эшелон привез 1771,2 тонны
    каустической соды"), and the distance it covers is its route's length ("Он преодолел более 3500
    километров"): the figures the subject rule ``train-on-route`` gave to the route."""
    if ctx.get("subject_rule") != "train-on-route":
        return None
    return "route_length" if q.unit == "km" else "other" if q.unit in ("t", "t/yr") else None


def composition_is_no_throughput(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """What one train or ship is made of is no throughput: "грузовой поезд из 45 контейнеров"."""
    if q.unit == "count" and _meaning()["composition"].search(norm[max(0, q.start - 60):q.start]):
        return "other"
    return None


def is_capacity(norm: str, q: Quantity) -> bool:
    """Is figure *q* (in normalised sentence *norm*) what a ship or a yard holds ("судно грузоподъемностью
    7 тыс. тонн", "площадка вместимостью 1 тыс. контейнеров")?"""
    return bool(_meaning()["capacity"].search(norm[max(0, q.start - 60):q.start]))


def capacity_is_no_volume(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A ship's or a yard's capacity is no volume moved: "два судна вместимостью 700 контейнеров"."""
    if ind in {"container_throughput", "cargo_volume"} and is_capacity(norm, q):
        return "other"
    return None


def capacity_of_a_port(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """The capacity of a port or a terminal is its capacity, whatever it handles: "Мощность этого терминала
    составляет до 20 миллионов тонн нефти в год" is no volume of oil."""
    if q.unit not in {"t", "t/yr", "TEU", "count"} or ind == "port_capacity":
        return None
    return "port_capacity" if _meaning()["capacity_of_a_port"].search(_clause_before(norm, q)) else None


def teu_are_containers(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """TEU are containers even without the word "контейнер": "перевезено 51,4 тысячи ДФЭ" — unless a capacity
    word comes before them in their clause ("мощность … составит 200 тыс. ДФЭ", with or without the port:
    :func:`capacity_of_a_port`, tried first, takes the tonnages and TEU whose port or terminal is named)."""
    if q.unit == "TEU" and ind == "container_throughput" and _meaning()["port_capacity"].search(_clause_before(norm, q)):
        return "port_capacity"  # "мощности … будут доведены до 200 тыс. ДФЭ"
    if q.unit != "TEU" or ind in {"container_throughput", "port_capacity", "port_capacity_growth"}:
        return None
    near = norm[max(0, q.start - 80):q.end + 40]
    return "port_capacity" if _meaning()["port_capacity"].search(near) else "container_throughput"


def oil_via_azerbaijan(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """Kazakh oil moved via Azerbaijan is the BTC-route indicator; oil of other routes is not:
    "транзит казахстанской нефти через Азербайджан составил 1,5 млн тонн"."""
    if ind == "oil_volume" and ctx.get("bilateral"):
        return "oil_transit_btc"
    subject = str(ctx.get("subject") or "")
    # an entity of Azerbaijan's is the way through it ("отгрузки нефти по направлению БТД" makes the pipeline, whose
    # name holds dashes, the figure's subject); a Kazakh one is not — the oil handled at the port of Aktau goes anywhere
    parties = ({"Azerbaijan"} if subjects_lexicon().entity_country.get(subject) == "Azerbaijan"
               else set(subject.split("–")) - {""})
    if ind == "oil_transit_btc" and parties - {"Kazakhstan", "Azerbaijan"} and not ctx.get("bilateral"):
        return "oil_volume"  # "экспорт казахстанской нефти в Россию": another route
    return None


def back_referenced_indicator(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """"Этот показатель вырос на 5%": a figure with no indicator of its own, in a sentence that refers
    back, measures the previous figure's indicator (its growth, for a % or a multiplier)."""
    prev = ctx.get("previous_indicator")
    if ind != "other" or not prev or not ctx.get("back_reference"):
        return None
    if q.unit in ("%", "x"):
        growth = next((d["id"] for d in _indicators() if d["growth_of"] == prev), None)
        return growth or (prev if _by_id().get(prev, {}).get("growth_of") else None)
    return prev if q.unit in _by_id().get(prev, {}).get("units", ()) else None


_TONNES = frozenset({"t", "t/yr"})
_MONEY = frozenset({"USD", "EUR", "KZT", "AZN", "RUB"})


def _growth_of_level(level: str) -> str | None:
    return next((d["id"] for d in _indicators() if d["growth_of"] == level), None)


def _clause_before(norm: str, q: Quantity, width: int = 160) -> str:
    """The text before the figure back to the last sentence-internal clause break (; : –) within *width*."""
    before = norm[max(0, q.start - width):q.start]
    cut = max(before.rfind(";"), before.rfind(":"), before.rfind(" – "), before.rfind(" - "))
    return before[cut + 1:] if cut >= 0 else before


def _clause_around(norm: str, q: Quantity, width: int = 160) -> str:
    """The figure's clause on both sides: :func:`_clause_before` plus the text after the figure up to the next
    sentence-internal clause break (; : – or a sentence end) within *width*."""
    after = norm[q.end:q.end + width]
    cut = min((k for k in (after.find(";"), after.find(":"), after.find(" – "), after.find(" - "), after.find(". "))
               if k >= 0), default=len(after))
    return _clause_before(norm, q, width) + norm[q.start:q.end] + after[:cut]


def oil_handled(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A tonnage of oil handled, whichever side of the figure the oil is named on: "На 58%, или до 2,1 млн
    тонн, возросла перевалка нефти" is oil, not the port's freight."""
    if q.unit not in _TONNES or ind not in {"cargo_volume", "other"}:
        return None
    if not _meaning()["growth_of_oil"].search(_clause_around(norm, q)):
        return None
    return oil_via_azerbaijan("oil_volume", q, norm, ctx) or "oil_volume"


def change_by_amount(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A change by an amount is the growth of the level, not a level: "этот показатель увеличился на
    136,5 млн долларов" (trade turnover growth, in USD); an indicator with no growth measure gives 'other'
    ("объем транспортировки нефти увеличился на 870 тысяч тонн"), as does a difference ("Это на 864 тысячи
    тонн больше, чем …")."""
    if q.unit not in _MONEY | _TONNES:
        return None
    m = _meaning()
    difference = (m["relative_growth_before"].search(norm[max(0, q.start - 40):q.start])
                  and m["compared_after"].match(norm[q.end:q.end + 40]))  # "Это на 864 тысячи тонн больше"
    if not difference and not m["change_by"].search(norm[max(0, q.start - 80):q.start]):
        return None
    level = ind if not _by_id().get(ind, {}).get("growth_of") else _by_id()[ind]["growth_of"]
    if ind == "other" and ctx.get("back_reference"):
        level = ctx.get("previous_indicator") or "other"
    return _growth_of_level(level) or "other"


def share_is_no_level(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A share of a total is neither the total nor its growth: "на торговлю со странами ОТГ пришлось
    14,7% всего внешнеторгового оборота" (a share indicator of its own, like the grain import share, stays)."""
    if q.unit != "%" or ind == "grain_import_share" or not _meaning()["share"].search(_clause_before(norm, q)):
        return None
    return "other"


def trade_value_by_verb(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """Money after an export or import verb is the value exported or imported, whatever the goods:
    "экспортировал 133,1 тыс. тонн нефти на сумму 65 млн долларов", "ввезено … пшеницы на сумму …"."""
    if q.unit not in _MONEY or ind != "other":
        return None
    before = _clause_before(norm, q, 240)
    if _meaning()["imports_verb"].search(before):
        return "imports_value"
    if _meaning()["exports_verb"].search(before):
        return "exports_value"
    return None


def revenue_is_no_trade_value(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A sum of money that counts revenue, dividends or taxes is no trade value, whatever trade word is
    near: "80% экспортной нефти …, или порядка $30 млрд ежегодной выручки"."""
    if q.unit in _MONEY and _meaning()["counted_other_money"].match(norm[q.end:q.end + 60]):
        return "other"
    return None


_SHARE_OF_GOODS = re.compile(r"\bна\s+((?:[а-яё-]+\s+){0,2}?[а-яё-]+)\s+(?:пришл\w*|приход\w*)\s+(?:[а-яё]+\s+){0,2}$")


def goods_of_a_share(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """"На нефть пришлось свыше 1,9 млн тонн, на зерно — 385 тыс. тонн": the goods named after "на" before
    "пришлось" are what the tonnage counts, not the goods named next."""
    if q.unit not in _TONNES or ind not in {"cargo_volume", "grain_volume", "oil_volume", "other"}:
        return None
    m = _SHARE_OF_GOODS.search(norm[max(0, q.start - 80):q.start])
    if m is None:
        return None
    for key, indicator in (("counted_oil", "oil_volume"), ("counted_grain", "grain_volume"),
                           ("counted_cargo", "cargo_volume")):
        if _meaning()[key].match(m.group(1)):
            return indicator if indicator != ind else None
    return None


def counted_noun_decides(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """The noun a tonnage counts decides between oil, grain and other freight: "транзит 10 млн тонн
    российской нефти" is oil; "162 тыс. тонн зерна, 142 тыс. тонн металла" are grain, then freight."""
    if q.unit not in _TONNES or ind not in {"cargo_volume", "grain_volume", "oil_volume", "other"}:
        return None
    after = norm[q.end:q.end + 60]
    for key, indicator in (("counted_oil", "oil_volume"), ("counted_grain", "grain_volume"),
                           ("counted_cargo", "cargo_volume")):
        if _meaning()[key].match(after):
            if indicator == "oil_volume" and ctx.get("bilateral"):
                # "о транзите 1,5 млн тонн казахстанской нефти через территорию Азербайджана": the BTC route's
                indicator = "oil_transit_btc"
            return indicator if indicator != ind else None
    return None


def relative_growth(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """"…достиг 3,5 млн тонн, что на 20% превышает показатели предыдущего периода": a % or a multiplier
    in a clause that compares with the figure just given is that figure's growth."""
    prev = ctx.get("previous_indicator")
    if q.unit not in ("%", "x") or ind != "other" or not prev:
        return None
    m = _meaning()
    if not (m["relative_growth_before"].search(norm[max(0, q.start - 40):q.start])
            and m["relative_growth_after"].match(norm[q.end:q.end + 30])):
        return None
    return _growth_of_level(prev)


@lru_cache(maxsize=1)
def _unit_levels() -> dict[str, str]:
    """A level unit → the indicator it says by itself (indicators.yml ``unit_levels``: TEU are containers)."""
    return dict(_load_yaml("indicators.yml")["unit_levels"])


def unit_says_what(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A figure no keyword placed whose unit says what it measures: barrels are oil ("30 тысяч б/с"),
    Kazakh oil via Azerbaijan the BTC route's (:func:`oil_via_azerbaijan`)."""
    level = _unit_levels().get(q.unit) if ind == "other" else None
    if level is None:
        return None
    return oil_via_azerbaijan(level, q, norm, ctx) or level


@lru_cache(maxsize=1)
def _carrier_goods() -> dict[str, str]:
    """A pipeline → the level indicator of what it carries (indicators.yml ``carrier_goods``)."""
    return dict(_load_yaml("indicators.yml")["carrier_goods"])


@lru_cache(maxsize=1)
def _carriage() -> tuple[re.Pattern, dict[str, str], re.Pattern]:
    """indicators.yml ``carriage_goods``: (the pattern, goods stem → level indicator, other goods)."""
    raw = _load_yaml("indicators.yml")["carriage_goods"]
    return re.compile(raw["pattern"]), dict(raw["goods"]), re.compile(raw["other_goods"])


def carried_goods_named(norm: str) -> str | None:
    """The level indicator of the goods *norm* names after a carriage noun: "объем перевозок зерна" →
    'grain_volume'; None when it names none."""
    rx, goods, _ = _carriage()
    m = rx.search(norm)
    return goods[m.group(1)] if m else None


#: Routes that carry every kind of goods: a carriage on them that names none is freight, whatever the article
#: carried before.
_ROUTES_OF_ALL_GOODS = frozenset({"Middle Corridor"})


def goods_of_the_carriage(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """Bare "перевозки" in an article that carries grain (or oil) carry it: after "объем перевозок зерна по
    сети КТЖ вырос", "Перевозки в Иран выросли на 69%" is grain carriage (whose growth has no indicator of its
    own: 'other') and "превысив 3,3 миллиона тонн" a grain tonnage. A clause naming goods keeps them."""
    if ind not in ("cargo_volume", "cargo_volume_growth"):
        return None
    clause = _clause_around(norm, q)
    goods = carried_goods_named(clause)
    if goods is None:
        if _carriage()[2].search(clause) or ctx.get("subject") in _ROUTES_OF_ALL_GOODS:
            return None  # (a corridor carries every kind of goods: "объем перевозок по ТМТМ" is its freight)
        goods = ctx.get("article_goods")
    if goods is None:
        return None
    if ind == "cargo_volume" and q.unit in _TONNES:
        return oil_via_azerbaijan(goods, q, norm, ctx) or goods
    if ind == "cargo_volume_growth" and q.unit in ("%", "x"):
        return _growth_of_level(goods) or "other"
    return None


@lru_cache(maxsize=1)
def _project_units() -> dict[str, dict[str, str]]:
    """A project → unit → the indicator its own figure in that unit is (indicators.yml ``project_units``)."""
    return {k: dict(v) for k, v in _load_yaml("indicators.yml")["project_units"].items()}


def project_measure(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A project's own figure measures the project: "Ее протяженность составит около 370 километров" after a
    sentence on the fibre line is the cable's length, not a route's."""
    return _project_units().get(ctx.get("subject") or "", {}).get(q.unit)


def carried_goods(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A tonnage no keyword placed, carried by a pipeline, is what the pipeline carries: "увеличение объемов
    до 7 млн тонн в год" on the BTC is oil — Kazakh oil via Azerbaijan when the figure is bilateral."""
    level = _carrier_goods().get(ctx.get("carrier")) if ind == "other" and q.unit in _TONNES else None
    if level is None:
        return None
    return oil_via_azerbaijan(level, q, norm, ctx) or level


def same_goods_as_before(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A tonnage that names no goods and that no keyword placed (or only a carriage word with no goods: "объем
    транзита") carries what the article's previous tonnage carried: after "Казахстан экспортировал 2,6 млн тонн
    зерна", "рост поставок … в Узбекистан (с 872 тыс. тонн до 1 232 тыс. тонн)" is grain."""
    prev = ctx.get("previous_tonnage_indicator")
    if q.unit not in _TONNES or not prev or prev in ("other", ind):
        return None
    if ind == "cargo_volume":
        # a transit or carriage that names no goods at all ("увеличить объем транзита через Азербайджан до 2 млн
        # тонн" after "прокачано 1,1 млн тонн казахстанской нефти") is the same flow; "грузов" names freight
        clause = _clause_around(norm, q)
        if carried_goods_named(clause) is not None or _carriage()[2].search(clause) \
                or ctx.get("subject") in _ROUTES_OF_ALL_GOODS:
            return None
    elif ind != "other":
        return None
    return oil_via_azerbaijan(prev, q, norm, ctx) or prev



#: What a count of freight counts (the words after its number): wagons, units, containers, platforms, tank cars —
#: "46 679 единиц", "21 тыс. 62 железнодорожных вагона".
_FREIGHT_UNITS = re.compile(r"\s*(?:[а-яё-]+(?:ых|их)\s+)?(?:вагон|единиц|контейнер|платформ|цистерн)")


def growth_follows_its_level(ind: str, q: Quantity, norm: str, ctx: dict) -> str | None:
    """A growth is the growth of the level its sentence gives with it: "грузооборот составил 1,860 млрд
    тонно-километров и увеличился на 17,6%" grows in tonne-kilometres, not freight tonnes; "перевалка нефти
    возросла на 54% и превысила 3 млн тонн" is oil, whose growth has no indicator of its own — both 'other'."""
    level = _by_id().get(ind, {}).get("growth_of")
    if q.unit not in ("%", "x") or not level or level not in _by_id():
        return None
    # a count of wagons or units beside it ("перевалка грузов увеличилась на 26,4 процента и составила 46 679
    # единиц") measures the same freight in other terms: the freight's growth stays (not so passengers or trains)
    freight_counts = all(_FREIGHT_UNITS.match(after) for after in ctx.get("level_nouns") or ())
    units = [u for u in ctx.get("level_units") or () if u not in ("%", "x") and not (u == "count" and freight_counts)]
    if units and not set(units) & _by_id()[level]["units"]:
        # "объем перевозок увеличился на 15% по сравнению с 2024 годом (51,4 тысячи ДФЭ)": containers' growth
        return _growth_of_level(_unit_levels()[units[0]]) if units[0] in _unit_levels() else "other"
    if level == "cargo_volume" and _meaning()["growth_of_oil"].search(_clause_around(norm, q)):
        return "other"
    return None


#: Applied in this order after the keyword rules; the first that gives an indicator decides, even when it
#: confirms the keyword rules' (a share stays 'other', never a back-referenced growth)
#: ("indicator=other@meaning:vehicles_are_no_volume" in the ``why`` column).
MEANING_RULES = (project_measure, direction_by_governor, one_trains_journey, able_to_handle, reserves_are_no_volume, demand_is_no_volume, against_a_plan, vehicles_are_no_volume, composition_is_no_throughput, capacity_is_no_volume, capacity_of_a_port, teu_are_containers, change_by_amount,
                 share_is_no_level, revenue_is_no_trade_value, trade_value_by_verb, goods_of_a_share, counted_noun_decides, oil_handled, relative_growth,
                 goods_of_the_carriage, growth_follows_its_level, unit_says_what, carried_goods, oil_via_azerbaijan, back_referenced_indicator,
                 same_goods_as_before)


def indicator_by_meaning(ind: str, q: Quantity, norm: str, ctx: dict) -> tuple[str, str | None]:
    """(indicator, rule): the keyword rules' *ind* revised by :data:`MEANING_RULES`.

    *ctx*: ``subject``, ``subject_rule``, ``bilateral`` of the figure, ``carrier`` (the route or pipeline it travels by), ``back_reference`` (the sentence refers back),
    ``previous_indicator`` (the article's previous figure's) and ``level_units`` (the units of the
    sentence's other figures).
    """
    for rule in MEANING_RULES:
        new = rule(ind, q, norm, ctx)
        if new is not None:
            return new, rule.__name__
    return ind, None
