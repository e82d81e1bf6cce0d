"""Whose figure is it: the subject of a figure and whether it measures Kazakhstan–Azerbaijan relations.

The subject is read from the sentence's dependency parse (:mod:`analysis.nlp.syntax`): from the figure
up to the word it measures and the verb that reports it, then to the governing noun (товарооборот,
экспорт, поставки …) and the parties attached to it — the owner (a genitive or an adjective:
"товарооборот Азербайджана", "казахстанской нефти", or an origin "из России") and the partner (a
country after с/в/через/между: "с Турцией", "в Азербайджан", "между Казахстаном и Азербайджаном").
Customs releases list partner after partner in one sentence ("с Кыргызстаном – в 1,8 раза, …, с
Казахстаном – в 3,2 раза"); the parse attaches those figures to the first verb, so a figure takes
the partner phrase nearest before it in its sentence. A sentence that names no owner takes the owner
named earlier in the article ("Товарооборот с Казахстаном" after "товарооборот Азербайджана").

Rules, in the order they are tried (:data:`RULES`; the one that decided is returned with the subject):

0. ``share-holder`` — "на долю X приходится N": X's share ("на долю КМГ приходится около $200 млн");
1. ``path-entity`` — the company that moves the goods (the verb's subject: "ASCO увеличило перевозки"),
   else the route, port or pipeline they travel by ("по Среднему коридору");
2. ``party-before`` — the parties nearest before the figure in its sentence (an owner and the
   partner or origin before it; a partner and the owner before it, else the article's owner);
3. ``governor-entity`` — a route, port, pipeline or company attached to the governing noun;
4. ``governor-parties`` — the countries attached to the governing noun in the parse;
5. ``sentence-countries`` — the countries the sentence names, when they are one pair or one country;
6. ``two-countries`` — "двух государств", "стороны", "наших стран" in an article about the two;
7. ``sentence-entity`` — the route, port, pipeline or company the sentence names;
8. ``previous-sentence`` — the parties of the sentence before, in the same paragraph;
9. ``previous-figure`` — the subject of the previous figure of the paragraph, or of the article after
   a back-reference ("этот показатель", "за отчетный период");
10. ``article-pair`` — a trade or investment figure with no party, in an article whose two most-named
    countries are Kazakhstan and Azerbaijan: theirs;
11. ``article-entity`` — a volume with no party in an article that names one route, port or company;
12. ``article-focus`` — a trade figure with no party in an article about one country's trade: its.

Parties of a relative clause on another noun, and routes written as one hyphenated word (the way goods
go), are not parties of the figure.

``bilateral`` is true when the subject is the pair Kazakhstan–Azerbaijan or a joint project
(``bilateral_entities`` in ``subjects.yml``), and when Kazakh goods are moved via Azerbaijan (or
Azerbaijani goods via Kazakhstan): "казахстанской нефти через БТД", "из порта Актау в Баку".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analysis import datafiles
from analysis.claims.text import _parenthesis_of, clause_spans
from analysis.nlp.syntax import Token, parse, verb_above

KA = ("Kazakhstan", "Azerbaijan")
BILATERAL = "Kazakhstan–Azerbaijan"
#: The route a transit train across the Caspian travels when the article names no other (rule train-on-route).
MIDDLE_CORRIDOR = "Middle Corridor"


@dataclass(frozen=True)
class Lexicon:
    """``subjects.yml``, compiled."""

    country_of: dict[str, str]
    #: first lemma → the (name, lemmas) of the groups and entities whose names start with it, longest first
    groups: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    entities: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    governors: frozenset[str]
    partner_preps: frozenset[str]
    origin_preps: frozenset[str]
    bilateral_entities: frozenset[str]
    entity_country: dict[str, str]
    back_references: tuple[tuple[str, ...], ...]
    relation_governors: frozenset[str]
    two_countries: tuple[tuple[str, ...], ...]
    role_nouns: frozenset[str]
    #: a common noun ("порт", "маршрут") → the entities it can refer back to
    entity_nouns: dict[str, tuple[str, ...]]
    attribution_verbs: frozenset[str]
    focus_words: frozenset[str]
    purchase_words: frozenset[str]
    company_nouns: frozenset[str]
    property_nouns: frozenset[str]
    community_nouns: frozenset[str]
    located_verbs: frozenset[str]
    recipient_nouns: frozenset[str]
    #: an entity → the words of its own names ("терминал" for "интермодальный терминал")
    own_nouns: dict[str, frozenset[str]]
    #: the set of two places a route names → the ferry line between them; and the words of ferries
    ferry_lines: dict[frozenset[str], str]
    ferry_words: frozenset[str]
    settlement_nouns: frozenset[str]
    origin_entities: frozenset[str]
    #: the nouns of a train ("поезд", "эшелон") and what a train is made of or carries ("вагон", "контейнер")
    train_nouns: frozenset[str]
    train_loads: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read ``subjects.yml`` once per process."""
    data = datafiles.load("subjects.yml")

    def seqs(section: str) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        # indexed by first lemma: a sentence's every token is tried against these (about 0.4 s a hundred
        # articles when each token was tried against every name)
        items = sorted([(name, tuple(seq)) for name, ss in data[section].items() for seq in ss if seq],
                       key=lambda it: -len(it[1]))  # longest first
        by_first: dict[str, list] = {}
        for name, seq in items:
            by_first.setdefault(seq[0], []).append((name, seq))
        return {first: tuple(found) for first, found in by_first.items()}

    return Lexicon(
        country_of={lemma: name for name, lemmas in data["countries"].items() for lemma in lemmas},
        groups=seqs("groups"), entities=seqs("entities"), governors=frozenset(data["governors"]),
        partner_preps=frozenset(data["partner_prepositions"]), origin_preps=frozenset(data["origin_prepositions"]),
        bilateral_entities=frozenset(data["bilateral_entities"]),
        entity_country=dict(data.get("entity_countries") or {}),
        back_references=tuple(tuple(seq) for seq in data["back_references"]),
        relation_governors=frozenset(data["relation_governors"]),
        two_countries=tuple(tuple(seq) for seq in data["two_countries"]),
        role_nouns=frozenset(data["role_nouns"]),
        entity_nouns=_by_noun(data["entity_nouns"]),
        attribution_verbs=frozenset(data["attribution_verbs"]),
        focus_words=frozenset(data["focus_words"]),
        purchase_words=frozenset(data["purchase_words"]),
        company_nouns=frozenset(data["company_nouns"]),
        property_nouns=frozenset(data["property_nouns"]),
        community_nouns=frozenset(data["community_nouns"]),
        located_verbs=frozenset(data["located_verbs"]),
        recipient_nouns=frozenset(data["recipient_nouns"]),
        own_nouns={name: frozenset(w for seq in ss for w in seq) for name, ss in data["entities"].items()},
        ferry_lines={frozenset(ends): name for name, pairs in data["ferry_lines"].items() for ends in pairs},
        ferry_words=frozenset(data["ferry_words"]),
        settlement_nouns=frozenset(data["settlement_nouns"]),
        origin_entities=frozenset(data["origin_entities"]),
        train_nouns=frozenset(data["train_nouns"]),
        train_loads=frozenset(data["train_loads"]),
    )


def _by_noun(entity_nouns: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, nouns in entity_nouns.items():
        for noun in nouns:
            out[noun] = out.get(noun, ()) + (name,)
    return out


def pair(owner: str | None, partner: str | None) -> str | None:
    """The subject's name: ``Owner–Partner``, Kazakhstan–Azerbaijan always in that order.

    >>> pair("Azerbaijan", "Kazakhstan"), pair("Azerbaijan", "Turkey"), pair(None, "Russia"), pair("Russia", "Russia")
    ('Kazakhstan–Azerbaijan', 'Azerbaijan–Turkey', 'Russia', 'Russia')
    """
    if owner and partner and owner != partner:
        if {owner, partner} == set(KA):
            return BILATERAL
        return f"{owner}–{partner}"
    return owner or partner


def is_bilateral(subject: str | None) -> bool:
    """Does a figure with this subject measure Kazakhstan–Azerbaijan relations?

    >>> is_bilateral("Kazakhstan–Azerbaijan"), is_bilateral("Azerbaijan–Turkey"), is_bilateral(None)
    (True, False, False)
    """
    if subject == BILATERAL or subject in lexicon().bilateral_entities:
        return True
    # a joint figure of three or more countries, the two among them ("Kazakhstan–Azerbaijan–Uzbekistan")
    return joint_of_countries(subject) and set(KA) <= set(subject.split("–"))


def joint_of_countries(subject) -> bool:
    """Is *subject* three or more countries' joint figure ("Kazakhstan–Azerbaijan–Uzbekistan"; not a name with
    dashes, "Baku–Tbilisi–Ceyhan pipeline")?

    >>> joint_of_countries("Kazakhstan–Azerbaijan–Uzbekistan"), joint_of_countries("Baku–Tbilisi–Ceyhan pipeline")
    (True, False)
    """
    parts = subject.split("–") if isinstance(subject, str) else []
    countries = set(lexicon().country_of.values())
    return len(parts) >= 3 and all(p in countries for p in parts)


# --- what a sentence names ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Party:
    """A country, group or entity named in a sentence: ``role`` is 'owner', 'partner', 'origin', 'speaker'
    (the country of an official: "премьер-министр Казахстана"), 'route' (places joined by dashes), 'path'
    (places joined by hyphens in one word, the way goods go: "в направлении Актау-Баку-Актау") or 'entity';
    ``i`` is its head token (the one the parse attaches), ``start`` its character offset."""

    name: str
    role: str
    i: int
    start: int
    #: the places a route or path names, as lemmas ("Баку - Курык - Баку": баку, курык)
    places: frozenset[str] = frozenset()


def _match_seq(tokens: tuple[Token, ...], i: int, seqs) -> tuple[str, int] | None:
    """The longest name of *seqs* (first lemma → names, longest first) starting at token *i*, and its length."""
    for name, seq in seqs.get(tokens[i].lemma, ()):
        if tuple(t.lemma for t in tokens[i:i + len(seq)]) == seq:
            return name, len(seq)
    return None


def _head_of_span(tokens: tuple[Token, ...], i: int, n: int) -> int:
    """The token of span [i, i+n) whose head lies outside the span (the phrase's head)."""
    for t in tokens[i:i + n]:
        if not (i <= t.head < i + n):
            return t.i
    return i


def _preposition(tokens: tuple[Token, ...], i: int, climb: int = 3) -> str | None:
    """The preposition governing token *i*, looking up through nmod/conj/appos (a country inside
    "со странами-членами Организации тюркских государств" is after "со")."""
    t = tokens[i]
    for _ in range(climb + 1):
        case = [c.lemma for c in tokens if c.head == t.i and c.rel == "case"]
        if case:
            return case[0]
        if t.rel not in {"nmod", "conj", "appos", "flat", "flat:name", "amod"} or t.head < 0:
            return None
        t = tokens[t.head]
    return None


_DASHES = frozenset({"-", "–", "—"})


def _route_chain(tokens: tuple[Token, ...], i: int) -> tuple[list[str], int]:
    """The countries of a route written as places joined by dashes from token *i* ("Актау — Баку —
    Тбилиси — Джейхан", "Атырау - Самара") and the number of tokens it spans; ([], 0) if none."""
    country_of = lexicon().country_of
    names, k = [], i
    while k < len(tokens) and tokens[k].lemma in country_of:
        names.append(country_of[tokens[k].lemma])
        if k + 2 < len(tokens) and tokens[k + 1].text in _DASHES and tokens[k + 2].lemma in country_of:
            k += 2
            continue
        break
    return (names, k + 1 - i) if len(names) >= 2 else ([], 0)


def _place_parts(word: str) -> list[str]:
    """The places of one word joined by hyphens or dashes ("Актау-Баку-Актау", "Алят—Курык"), lower-cased."""
    return re.split(r"[-–—]", word.lower().replace("ё", "е"))


def _hyphenated_route(t: Token) -> list[str]:
    """The countries of a route written as one hyphenated word ("Актау-Баку-Актау", "Актау-Алят"); [] if
    the word is not one."""
    parts = _place_parts(t.text)
    country_of = lexicon().country_of
    if len(parts) < 2 or not all(p in country_of for p in parts):
        return []
    return [country_of[p] for p in parts]


def _compound_adjective(t: Token) -> list[str]:
    """The countries of a compound adjective ("казахстанско-китайский нефтепровод", "азербайджано-
    казахстанская комиссия"): each part before the last is an adjective stem ending in -о; [] if the word is
    not one."""
    parts = t.lemma.split("-")
    if len(parts) < 2 or not all(p.endswith("о") for p in parts[:-1]):
        return []
    country_of = lexicon().country_of
    names = []
    for p in parts[:-1]:
        name = next((country_of[c] for c in (p[:-1] + "ий", p[:-1] + "ский") if c in country_of), None)
        if name is None:
            return []
        names.append(name)
    if parts[-1] not in country_of:
        return []
    return names + [country_of[parts[-1]]]


def _route_name(countries: list[str]) -> str | None:
    """A route through both countries is theirs; another route is its ends' pair."""
    if set(KA) <= set(countries):
        return BILATERAL
    return pair(countries[0], countries[-1])


def _attributed(tokens: tuple[Token, ...], i: int) -> bool:
    """Is token *i* part of the attribution of the report ("передает из Астаны", "ссылаясь на информацию
    КМГ"): its head, or its head's head, a verb of reporting — not through a verb of its own clause ("сообщил,
    что в этом году Казахстан собрал рекордный урожай": Kazakhstan is what is reported, not who reports)?"""
    if _cited(tokens, i):
        return True
    return _governed_by(tokens, i, lexicon().attribution_verbs, 2, through_verbs=False)


def _cited(tokens: tuple[Token, ...], i: int) -> bool:
    """Is token *i* in the source a report cites ("со ссылкой на «Азербайджанские железные дороги»"), whatever
    the parse hangs it on?"""
    return any(tokens[j].lemma == "ссылка" and tokens[j + 1].lemma == "на" for j in range(max(0, i - 5), i - 1))


def _governed_by(tokens: tuple[Token, ...], i: int, lemmas, steps: int, through_verbs: bool = True) -> bool:
    """Is one of the *steps* words above token *i* in the parse one of *lemmas*? With *through_verbs* False the
    climb stops at a verb that is not one of them (the head of a clause of its own)."""
    t = tokens[i]
    for _ in range(steps):
        if t.head < 0:
            return False
        t = tokens[t.head]
        if t.lemma in lemmas:
            return True
        if not through_verbs and t.pos in {"VERB", "AUX"}:
            return False
    return False


_LOCATIVE_PREPOSITIONS = frozenset({"в", "во", "на"})


def _located_in(tokens: tuple[Token, ...], i: int, prep: str | None) -> bool:
    """Is country token *i* a place ("в России", "в РФ": locative after в/на, its own preposition) rather
    than a destination ("в Россию")? Indeclinable names ("в Баку") say nothing by their case: not a place."""
    t = tokens[i]
    if prep not in _LOCATIVE_PREPOSITIONS or t.feat("Case") != "Loc":
        return False
    if not any(c.head == i and c.rel == "case" and c.lemma == prep for c in tokens):
        return False
    return t.text.lower() != t.lemma or (t.text.isupper() and len(t.text) > 1)


def _on_territory(tokens: tuple[Token, ...], i: int) -> bool:
    """Is country token *i* the one "на территории" / "на территорию" names: where a part of a whole lies
    ("443 км приходится на территорию Азербайджана", "выплаты консорциума только на территории Казахстана")
    — the pipeline's or the consortium's figure, not the country's?"""
    h = tokens[i].head
    if h < 0 or tokens[h].lemma != "территория":
        return False
    return (h > 0 and tokens[h - 1].lemma == "на") or any(c.head == h and c.rel == "case" and c.lemma == "на" for c in tokens)


def _bought(tokens: tuple[Token, ...], h: int) -> bool:
    """Is word *h* (what a place attaches to) a purchase, or a verb whose object is one ("объемы закупок
    зерна в России снизила": the parse hangs the place on the verb)?"""
    words = lexicon().purchase_words
    if h < 0 or tokens[h].lemma in words:
        return h >= 0
    objs = [c.i for c in tokens if c.head == h and c.rel in {"obj", "nsubj", "nsubj:pass"}]
    return any(c.lemma in words for c in tokens if c.head in objs)


_TOGETHER = frozenset({"совместно", "вместе"})


def _together_with(tokens: tuple[Token, ...], i: int) -> bool:
    """Is the country word at *i* inside "совместно с …" / "вместе с …" (up to two words after "с")?"""
    for k in range(i - 1, max(-1, i - 4), -1):
        if tokens[k].lemma in {"с", "со"}:
            return k > 0 and tokens[k - 1].lemma in _TOGETHER
    return False


def named(tokens: tuple[Token, ...]) -> list[Party]:
    """Every country, group and entity the sentence names, with its role, in text order.

    A country after a partner preposition (с, в, через, между …) is a partner; after "из" it is the
    origin (an owner); otherwise — a genitive or an adjective ("товарооборот Азербайджана",
    "казахстанской пшеницы") — it is the owner.
    """
    lex = lexicon()
    out: list[Party] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        hit = _match_seq(tokens, i, lex.entities)
        if hit:
            name, n = hit
            head = _head_of_span(tokens, i, n)
            if name in lex.origin_entities and _preposition(tokens, head) in {"с", "со", "из"}:
                out.append(Party(name, "path", head, t.start))  # "придет с месторождения Тенгиз": where it comes from
            # not a source: "ссылаясь на информацию КМГ", "По оперативным данным АО «НК «Қазақстан темір жолы»"
            elif not _attributed(tokens, head) and not _data_of(tokens, head):
                out.append(Party(name, "entity", head, t.start))
            i += n
            continue
        path = _hyphenated_route(t)
        if path:  # "в направлении Актау-Баку-Актау": the way goods go, not a party of the figure
            places = frozenset(_place_parts(t.text))
            out.append(Party(_route_name(path), "path", i, t.start, places))
            i += 1
            continue
        joint = _compound_adjective(t)
        if joint and len(set(joint)) > 1:  # "по казахстанско-китайскому нефтепроводу": the two countries'
            out.append(Party(_route_name(joint), "route", i, t.start))
            i += 1
            continue
        chain, n = _route_chain(tokens, i)
        if chain:
            places = frozenset(x.lemma for x in tokens[i:i + n] if x.text not in _DASHES)
            out.append(Party(_route_name(chain), "route", _head_of_span(tokens, i, n), t.start, places))
            i += n
            continue
        group = _match_seq(tokens, i, lex.groups)
        name, n = (group if group else (lex.country_of.get(t.lemma), 1))
        if name is None:
            i += 1
            continue
        head = _head_of_span(tokens, i, n)
        if 0 <= tokens[head].head < len(tokens) and tokens[tokens[head].head].lemma in lex.role_nouns \
                and not _cited(tokens, head):  # not "со ссылкой на Министерство сельского хозяйства РК"
            out.append(Party(name, "speaker", head, t.start))  # "премьер-министр Казахстана"
            i += n
            continue
        if _attributed(tokens, head):
            i += n  # "Как передает из Астаны агентство Trend": where the outlet writes from
            continue
        if out and i > 0 and tokens[i - 1].text == "(" and name in {out[-1].name, lex.entity_country.get(out[-1].name)}:
            i += n  # a gloss: "Организации тюркских государств (ОТГ)", "порта Актау (Казахстан)"
            continue
        if _on_territory(tokens, head) or (tokens[head].head >= 0 and tokens[tokens[head].head].lemma in lex.settlement_nouns):
            # where a part lies, not whose the whole is; a town "в поселке Алят": where a thing stands
            out.append(Party(name, "path", head, t.start))
            i += n
            continue
        out.append(Party(name, _country_role(tokens, out, i, head), head, t.start))
        i += n
    return out


def _country_role(tokens: tuple[Token, ...], out: list[Party], i: int, head: int) -> str:
    """The role of the country named at token *i* (its phrase's head *head*), after the parties *out* before
    it: from its preposition, a list it continues, or the verb it is the object of."""
    lex = lexicon()
    prep = _preposition(tokens, head)
    if prep is None and i > 0 and tokens[i - 1].lemma in lex.partner_preps | lex.origin_preps:
        prep = tokens[i - 1].lemma
    if prep is None and _next_list_item(tokens, out, i):
        return out[-1].role  # "из Казахстана – 167 052, Туркменистана – 119 201"
    if prep in {"с", "со"} and _together_with(tokens, i):
        return "associate"  # "совместно с грузинским бизнесом": who takes part, not whose figure it is nor its partner
    role = "partner" if prep in lex.partner_preps else "origin" if prep in lex.origin_preps else "owner"
    if role == "partner" and _located_in(tokens, head, prep):
        # "закупить в Азербайджане два судна": where goods are bought is their origin;
        # "в РФ планируется увеличение площадей на 10%": where it happens is whose figure it is
        role = "origin" if _bought(tokens, tokens[head].head) else "owner"
    if prep is None and tokens[head].rel == "obj":
        role = "partner"  # "Токаев шесть раз посетил Азербайджан"
    return role


_LIST_BREAKS = frozenset({"ADP", "VERB", "AUX", "PROPN"})


def _data_of(tokens: tuple[Token, ...], i: int) -> bool:
    """Is token *i* whose data the sentence reports ("По оперативным данным АО «НК «Қазақстан темір жолы»",
    "согласно данным КТЖ"): the source of its figures, not their subject?"""
    t = tokens[i]
    for _ in range(3):
        if t.head < 0:
            return False
        t = tokens[t.head]
        if t.lemma == "данные":
            return any(c.head == t.i and c.rel == "case" and c.lemma in {"по", "согласно"} for c in tokens)
    return False


def _next_list_item(tokens: tuple[Token, ...], out: list[Party], i: int) -> bool:
    """Is the country at *i* the next item of a list whose items are "country – figure", after a country
    with a preposition of its own ("из Казахстана – 167 052, Туркменистана – 119 201")? The preposition
    is not repeated, and the parse does not carry it over."""
    if not out or out[-1].role not in {"partner", "origin"} or i == 0 or tokens[i - 1].text not in {",", "и"}:
        return False
    between = tokens[out[-1].i + 1:i - 1]
    # a preposition of the figure itself is no break: "в Узбекистан — рост на 50% (450 тыс. тонн), Таджикистан — на 16%"
    breaks = [t for t in between if t.pos in _LIST_BREAKS
              and not (t.pos == "ADP" and t.i + 1 < len(tokens) and tokens[t.i + 1].text[:1].isdigit())]
    return any(t.text in _DASHES for t in between) and not breaks


def _figure_token(tokens: tuple[Token, ...], start: int) -> Token | None:
    return next((t for t in tokens if t.stop > start), None)


def governing_lemma(text: str, start: int) -> str | None:
    """The lemma of the noun whose quantity the figure at character *start* of *text* gives (:func:`governor`):
    "Экспорт Азербайджана в Казахстан … достиг 98,3 млн долларов, импорт из Казахстана - 314,2 млн" → экспорт."""
    tokens = parse(text)
    fig = _figure_token(tokens, start)
    gov = governor(tokens, fig) if fig is not None else None
    return gov.lemma if gov is not None else None


def governor(tokens: tuple[Token, ...], fig: Token) -> Token | None:
    """The noun whose quantity the figure gives: up from the figure to a governing noun, or to its
    verb and then the verb's subject ("товарооборот … составил 4,7 млрд")."""
    lex = lexicon()
    seen, t = set(), fig
    while t is not None and t.i not in seen:
        seen.add(t.i)
        if t is not fig and t.lemma in lex.governors:
            return t
        if t.pos in {"VERB", "AUX"} or t.head < 0:
            subj = [c for c in tokens if c.head == t.i and c.rel.startswith("nsubj")]
            if subj:
                return subj[0]
            obj = [c for c in tokens if c.head == t.i and c.rel == "obj" and c.lemma in lex.governors]
            if obj:
                return obj[0]  # "удвоить товарооборот до $1 млрд"
            if t.rel == "conj" and t.head >= 0:  # "…, а экспорт вырос на 5%": the first verb's subject
                t = tokens[t.head]
                continue
            return None
        t = tokens[t.head] if t.head >= 0 else None
    return None


def _subtree(tokens: tuple[Token, ...], root: Token, depth: int = 5) -> set[int]:
    out, frontier = {root.i}, {root.i}
    for _ in range(depth):
        frontier = {t.i for t in tokens if t.head in frontier and t.rel not in {"conj", "parataxis", "acl:relcl"}}
        out |= frontier
    return out


# --- the rules ----------------------------------------------------------------------------------------

@dataclass
class Context:
    """What the article said before the figure: the last owner named, the previous figure's subject
    and paragraph, and whether the article names both countries and any other."""

    owner: str | None = None
    previous: str | None = None
    paragraph: int | None = None
    same_paragraph: bool = False
    next_paragraph: bool = False
    both_named: bool = False
    others_named: bool = False
    focus: str | None = None
    ka_lead: bool = False
    #: (paragraph, owner, partner, entity) of the previous sentence when it had no figure but named parties.
    before: tuple | None = None
    #: was the sentence read last one with figures (then ``before`` is no longer the sentence before)?
    figures_last: bool = False
    #: (period_start, period_end) of the article's last figure with a period (for back-references).
    last_period: tuple[str | None, str | None] | None = None
    last_period_paragraph: int | None = None
    #: the article's first stated period of a figure (a release's report period: what "за отчетный период"
    #: refers to when the figure just before has no period that can be known).
    report_period: tuple[str | None, str | None] | None = None
    #: the indicator of the article's last level figure (for "этот показатель вырос на 5%"), and of its last
    #: tonnage (what "поставки … с 872 тыс. тонн" carry when they name no goods).
    last_indicator: str | None = None
    last_tonnage_indicator: str | None = None
    #: the kind of the article's last figure (a comparison with a target — "Это более чем в четыре раза выше
    #: нынешнего показателя" — is part of the target).
    last_kind: str | None = None
    #: a common noun ("порт", "маршрут") → the entity it last referred to in the article.
    entities: dict = field(default_factory=dict)
    #: the last country the article named (what "страна" refers back to).
    country: str | None = None
    #: does the figure just read measure the two countries' relations (its subject is theirs, or it moves
    #: along a route through both: "перевезла в направлении Актау-Баку-Актау")? and did the one before?
    figure_bilateral: bool = False
    previous_bilateral: bool = False
    #: the paragraph of the last owner named, and the owner named before the current figure's sentence in its
    #: paragraph (the buyer a supplier with no partner of its own supplies).
    owner_paragraph: int | None = None
    owner_before: str | None = None
    sentence: str | None = None
    #: (start, end) of the clause holding the figure being read (:func:`analysis.claims.text.clause_spans`).
    clause: tuple[int, int] | None = None
    #: the routes, ports and pipelines of one of the two countries the article has shown carrying the other's
    #: goods ("транзит казахстанской нефти по БТД"): a later flow on one of them is the two countries' too.
    carried: set = field(default_factory=set)
    #: the route, port or pipeline the figure being read travels by, when its subject came from one; and
    #: the previous figure's.
    carrier: str | None = None
    previous_carrier: str | None = None
    #: the level indicator of the goods the article last named after a carriage noun ("перевозок зерна").
    goods: str | None = None
    #: has the article spoken of ferries (a route between two ports is then a ferry line: ``ferry_lines``)?
    ferries: bool = False
    #: the paragraph of the last sentence that spoke of a train (what a later "Он" or "Она" in it may be).
    train_paragraph: int | None = None

    def note_train(self, lemmas, paragraph: int | None) -> None:
        """Note whether a sentence of *paragraph* spoke of a train (``train_nouns``), from its lemmas."""
        if not lexicon().train_nouns.isdisjoint(lemmas):
            self.train_paragraph = paragraph
        elif paragraph != self.train_paragraph:
            self.train_paragraph = None

    def note_ferries(self, lemmas) -> None:
        """Note whether the article has spoken of ferries, from a sentence's lemmas (``ferry_words``)."""
        self.ferries = self.ferries or not lexicon().ferry_words.isdisjoint(lemmas)

    def saw(self, name: str) -> None:
        """Note an entity named in the article: a later bare "порт" or "маршрут" may refer to it."""
        own = lexicon().own_nouns
        for noun, names in lexicon().entity_nouns.items():
            if name in names and (noun in own.get(name, ()) or noun not in own.get(self.entities.get(noun), ())):
                self.entities[noun] = name

    def observe(self, lemmas, paragraph: int | None = None) -> None:
        """Note the parties a sentence without a figure names, from its lemmas (no parse): its first
        country not after a preposition is the owner, the first after a partner preposition (within two
        words: "через территорию Азербайджана") the partner — "…транспортировке казахстанской нефти через
        территорию Азербайджана" before "Озвучиваются разные цифры, вплоть до 7 млн т в год"."""
        lex = lexicon()
        lemmas = list(lemmas)
        self.figures_last = False
        self.note_ferries(lemmas)
        self.note_train(lemmas, paragraph)
        if _dateline(lemmas):
            self.before = None  # "Азербайджан, Баку, 9 ноября.": where the agency writes from, no party
            return
        found = [(k, name, seq) for k in range(len(lemmas)) for name, seq in lex.entities.get(lemmas[k], ())
                 if tuple(lemmas[k:k + len(seq)]) == seq]  # the entities named, in text order
        # not one inside a longer name ("порт Актау" in "контейнерный хаб в порту Актау"), as named() reads them
        found = [f for f in found if not any(o is not f and o[0] <= f[0] and f[0] + len(f[2]) <= o[0] + len(o[2])
                                             and len(o[2]) > len(f[2]) for o in found)]
        in_entity = {j for k, _, seq in found for j in range(k, k + len(seq))}
        owners, partners = [], []
        for k, lemma in enumerate(lemmas):
            name = lex.country_of.get(lemma)
            if not name or (k and lemmas[k - 1] in lex.role_nouns) or k in in_entity:
                continue  # "маршрут Баку - Тбилиси - Джейхан": the pipeline's name, not Azerbaijan
            near = lemmas[max(0, k - 2):k]
            if near == ["с", "сторона"]:  # "со стороны Казахстана": whose side, an owner
                owners.append(name)
            elif any(w in lex.partner_preps for w in near):
                partners.append(name)
            elif not any(w in lex.origin_preps for w in near):
                owners.append(name)
        home = self.country or lex.entity_country.get(self.previous)  # the port's country: "…через порт Актау"
        if owners and not partners and lex.recipient_nouns & set(lemmas) and home not in (None, owners[0]):
            owners, partners = [home], owners[:1]  # "Получателем зерновых грузов стал Иран"
        if set(KA) <= {lex.entity_country.get(name) for _, name, _ in found}:
            owners, partners = [KA[0]], [KA[1]]  # "между КМГ и SOCAR было заключено соглашение …": the two countries'
        owner = owners[0] if owners else None
        partner = next((n for n in partners if n != owner), None)
        named_here = [lex.country_of[x] for x in lemmas if x in lex.country_of]
        if named_here:
            self.country = named_here[-1]
        entity = found[0][1] if found else None
        for _, name, _ in found:
            self.saw(name)
        terminal = _named_terminal(lemmas)
        if terminal:
            self.entities["терминал"] = terminal  # a later "этот терминал" is this one
        if owner:
            self.owner, self.owner_paragraph = owner, paragraph
        self.before = (paragraph, owner, partner, entity) if (owner or partner or entity) else None


@lru_cache(maxsize=1)
def _months() -> re.Pattern:
    """The month names of the quantity grammar (units.yml ``month_nouns``)."""
    return re.compile(datafiles.load("units.yml")["month_nouns"])


def _dateline(lemmas: list[str]) -> bool:
    """Is the sentence an agency's dateline: places and a day, nothing else ("Азербайджан, Баку, 9 ноября")?"""
    words = [x for x in lemmas if x.isalnum()]
    return 0 < len(words) <= 6 and any(x in lexicon().country_of for x in words) and \
        all(x in lexicon().country_of or x.isdigit() or _months().fullmatch(x) for x in words)


_LATIN_NAME = re.compile(r"[a-z][a-z0-9-]{2,}")


def _named_terminal(lemmas: list[str]) -> str | None:
    """A terminal the gazetteer does not know, named by a Latin name after "терминал" (or "терминал
    компании"): "на терминал компании Azertrans в Сангачале" → "Azertrans terminal".

    >>> _named_terminal(["отгрузка", "на", "терминал", "компания", "azertrans", "в", "сангачал"])
    'Azertrans terminal'
    """
    for k, lemma in enumerate(lemmas[:-1]):
        if lemma != "терминал":
            continue
        j = k + 2 if lemmas[k + 1] == "компания" and k + 2 < len(lemmas) else k + 1
        if _LATIN_NAME.fullmatch(lemmas[j]):
            return f"{lemmas[j].capitalize()} terminal"
    return None


#: Personal pronouns (lemmas) that can refer back to a route named before them in the sentence.
#: The third-person singular pronouns: what refers back to one route, port or country ("по ней").
THIRD_PERSON_SINGULAR = frozenset({"он", "она", "оно"})


def anaphors(tokens: tuple[Token, ...], parties: list[Party], ctx: Context) -> list[Party]:
    """Bare common nouns that refer back to an entity named earlier in the article: "через порт было
    перевезено …", "по этому маршруту", "руководитель пароходства" (not "порт Актау": a named one)."""
    nouns = lexicon().entity_nouns
    heads = {p.i for p in parties}
    speakers = {p.name for p in parties if p.role == "speaker"}
    # "…сообщил замминистра энергетики Казахстана, что к 2030 году страна планирует …": the speaker's
    country = speakers.pop() if len(speakers) == 1 else ctx.country
    out = []
    for t in tokens:
        if (t.lemma == "страна" and t.feat("Number") == "Sing" and country and not _countries(parties)
                and not any(c.head == t.i for c in tokens if c.pos in {"PROPN", "ADJ"})):
            out.append(Party(country, "owner", t.i, t.start))  # "в страну было ввезено …": the one just named
            continue
        if t.lemma in THIRD_PERSON_SINGULAR and _preposition(tokens, t.i, climb=0) in _PATH_PREPOSITIONS:
            # "по трубе КТК до Новороссийска (в 2023 году по ней было отгружено …)": the route just named
            named_before = [p for p in parties if p.role == "entity" and p.start < t.start]
            if named_before:
                out.append(Party(named_before[-1].name, "entity", t.i, t.start))
            continue
        if t.lemma not in nouns or t.i in heads or t.lemma not in ctx.entities or t.feat("Number") == "Plur":
            continue  # "мощности портов": the ports of the country, not the last one named
        if any(c.head == t.i and (c.pos == "PROPN" or c.i in heads) for c in tokens):
            continue  # "порт Махачкалы", "портов Актау и Курык": named here
        out.append(Party(ctx.entities[t.lemma], "entity", t.i, t.start))
    return out


def _countries(parties: list[Party]) -> list[Party]:
    """The countries, groups and routes that can be a figure's parties (not entities, not officials)."""
    return [p for p in parties if p.role not in {"entity", "speaker", "path", "associate"}]


def _has_seq(lemmas: list[str], seqs) -> bool:
    return any(tuple(lemmas[k:k + len(seq)]) == seq for seq in seqs for k in range(len(lemmas)))


def _other(name: str | None) -> str | None:
    return KA[1] if name == KA[0] else KA[0] if name == KA[1] else None


def _route_from(route: str, parties: list[Party]) -> str:
    """A route through one of the two countries that carries goods of, or from a port of, the other is
    theirs: "отгрузка нефти из порта Актау в направлении Баку — Тбилиси — Джейхан"."""
    lex = lexicon()
    through = set(route.split("–")) & set(KA)
    for p in parties:
        home = p.name if p.role in {"owner", "origin"} else lex.entity_country.get(p.name) if p.role == "entity" else None
        if home in KA and through and home not in through:
            return BILATERAL
    return route


_PATH_PREPOSITIONS = frozenset({"по", "через"})


#: Words that open a part of the figure before them ("в том числе", "включая", "из них").
_PART_OF = frozenset({"число", "включая", "включать"})


def _phrase_head(tokens: tuple[Token, ...], fig: Token) -> Token:
    """The noun the figure's number belongs to ("4,2 млн тонн": тонн), up through nummod links."""
    t = fig
    for _ in range(4):  # a parse may loop
        if not t.rel.startswith("nummod") or t.head < 0:
            break
        t = tokens[t.head]
    return t


def rule_path_entity(tokens, parties, fig, gov, ctx: Context):
    """The route, port or pipeline the figure's goods travel by: "из Китая по Среднему коридору было
    отправлено 212 блок-поездов" is the corridor's figure, not China's (Kazakh goods by an Azerbaijani
    route are made bilateral afterwards)."""
    verb = verb_above(tokens, fig)
    anchors = {t.i for t in (verb, gov) if t is not None}
    if verb is not None and verb.rel in {"xcomp", "csubj", "csubj:pass"} and verb.head >= 0:
        anchors.add(verb.head)  # "по Среднему коридору планируется отправить 300 блок-поездов"
    if verb is not None and verb.rel == "conj" and verb.head >= 0:
        anchors.add(verb.head)  # "объем … по маршруту … увеличился на 20% и составил 2,5 млн тонн"
    if verb is not None:  # the parse may hang the figure on "планируется" and the route on its "отправить"
        anchors |= {c.i for c in tokens if c.head == verb.i and c.rel in {"xcomp", "csubj", "csubj:pass"}}
    if gov is not None:  # "объем грузов, перевезенных из Китая через ТМТМ, превысил …": the participle on the governor
        near = {gov.i} | {c.i for c in tokens if c.head == gov.i}
        anchors |= {c.i for c in tokens if c.rel == "acl" and c.head in near}
    agents = {c.i for c in tokens if verb is not None and c.head == verb.i and c.rel.startswith("nsubj")}
    # "компания «Казмортрансфлот» перевезла": the name beside the agent noun
    agents |= {c.i for c in tokens if c.head in agents and c.rel in {"appos", "flat", "flat:name", "nmod"}}
    for p in parties:
        if p.role == "entity" and p.i in agents:
            return p.name  # "ASCO … втрое увеличило грузоперевозки по Среднему коридору": the carrier's own figure
    actor = _agent_verb(tokens, fig)
    doers = agents | {c.i for c in tokens if actor is not None and c.head == actor.i and c.rel.startswith("nsubj")}
    if any(p.role == "owner" and p.i in doers for p in _countries(parties)):
        return None  # "Азербайджан принял 40 контейнерных блок-поездов из Китая по Среднему коридору": the country's
    own = _subtree(tokens, _phrase_head(tokens, fig), depth=2)
    mine = [p for p in parties if p.role == "entity" and (p.i in own or tokens[p.i].head in own) and p.start > fig.start
            and _preposition(tokens, p.i, climb=1) in _PATH_PREPOSITIONS
            and not any(t.lemma in _PART_OF for t in tokens[fig.i:p.i])]  # "…, в том числе 13,5 тыс. - по ТМТМ": the part's
    if mine:  # "…около 8 млн тонн грузов, в том числе 4,2 млн тонн грузов по маршруту ТМТМ": the part's own route
        return mine[0].name
    paths = [p for p in parties if p.role == "entity" and tokens[p.i].head in anchors
             and _preposition(tokens, p.i, climb=0) in _PATH_PREPOSITIONS]
    on_path = {p.i for p in paths} | (_subtree(tokens, gov) if gov is not None else set())
    through = [p for p in parties if p.role == "entity" and _preposition(tokens, p.i, climb=0) == "через"
               and (p in paths or tokens[p.i].head in on_path)]
    if through and any(p not in through for p in paths):
        return through[0].name  # "по ТМТМ через Мангистаускую область": the part of the route the figure counts
    return paths[0].name if paths else None


_SOURCE_WORDS = frozenset({"данные", "госкомстат", "статистика", "бюро", "комитет"})


def _in_source(tokens: tuple[Token, ...], i: int) -> bool:
    """Is country token *i* part of a source named for the figures ("Согласно данным Госкомстата Азербайджана")?"""
    return _governed_by(tokens, i, _SOURCE_WORDS, 3)


def rule_shared_goods_route(tokens, parties, fig, gov, ctx: Context):
    """Goods of one of the two countries and of a third, through a route of the other: "242 тысячи тонн
    нефти Казахстана и Туркменистана" through the BTC are the pipeline's figure (not the two countries'
    alone) — and a bilateral one, since Kazakh goods cross Azerbaijan."""
    lex = lexicon()
    # the goods' countries: owners, and genitives ("на нефть Казахстана и Туркменистана приходится …")
    owners = {p.name for p in _countries(parties) if not _in_source(tokens, p.i)
              and (p.role == "owner" or (p.role == "partner" and tokens[p.i].feat("Case") == "Gen"))}
    home = next((n for n in owners if n in KA), None)
    if home is None or not owners - set(KA) or _other(home) in owners:
        return None
    routes = [p.name for p in parties if p.role == "entity" and lex.entity_country.get(p.name) == _other(home)]
    return routes[0] if routes else None


_PART_OPENINGS = (("в", "тот", "число"), ("в", "том", "число"), ("из", "они"), ("включая",))


def rule_part_of_previous(tokens, parties, fig, gov, ctx: Context):
    """A sentence that opens as a part of the figure before it ("В том числе свыше 6,4 тыс. ДФЭ — по ТМТМ",
    "Из них …") counts the previous figure's subject's part: its subject, whatever route it names."""
    words = tuple(t.lemma for t in tokens if t.pos != "PUNCT")
    if not ctx.same_paragraph or ctx.previous is None or _countries(parties):
        return None
    if ctx.before is not None and ctx.before[0] == ctx.paragraph:
        return None  # a sentence naming parties came between: "Получателем … стал Иран. В том числе было поставлено …"
    return ctx.previous if any(words[:len(o)] == o for o in _PART_OPENINGS) else None


#: Words that qualify a figure before it ("около", "более", "свыше"): no part of a list item's name.
_QUALIFIER_WORDS = frozenset({"около", "более", "свыше", "почти", "примерно", "порядка", "до", "менее", "не", "чем"})


def rule_entity_item_before_dash(tokens, parties, fig, gov, ctx: Context):
    """An item of a list with its verb left out, an entity then a dash then its figure: "На долю порта Актау
    пришлось 5,1 млн тонн, порта Курык — 2,1 млн тонн" (the second is Kuryk's)."""
    k = fig.i - 1
    while k >= 0 and (tokens[k].pos == "ADV" or tokens[k].lemma in _QUALIFIER_WORDS):  # "— около 2,1 млн"
        k -= 1
    if k < 1 or tokens[k].text not in {"—", "–", "-"}:
        return None
    named = [p for p in parties if p.role == "entity" and p.start < tokens[k].start
             and not any(t.text[:1].isdigit() for t in tokens if p.start < t.start < tokens[k].start)]
    if not named or not any(t.text[:1].isdigit() for t in tokens[:named[-1].i]):
        return None  # (the first item names its entity before the verb: the rules below read it)
    return named[-1].name


def rule_origin_after_in_its_part(tokens, parties, fig, gov, ctx: Context):
    """A figure whose own part of the sentence names where it came from, after it: "Азербайджан … импортировал
    1,4 млн тонн пшеницы, из которых 1,1 млн тонн поступило из России и 280 тыс. тонн — из Казахстана" — 1.1
    million tonnes are Azerbaijan's from Russia, 280 thousand from Kazakhstan (the owner named before them)."""
    end = _part_end(tokens, fig)
    origins = [p for p in _countries(parties) if p.role == "origin" and fig.start < p.start < end]
    owners = [p for p in _countries(parties) if p.role == "owner" and p.start < fig.start]
    if not origins or not owners or any(p.role == "owner" and fig.start < p.start < end for p in parties):
        return None
    # right after the figure and its unit, with at most a verb or a dash between ("1,1 млн тонн поступило из
    # России", "280 тыс. тонн — из Казахстана"); not a list that names each origin before its figure ("из
    # Казахстана — 167 052 (рост на 90,74%), из Узбекистана — 96 278"), nor a change in brackets
    between = [t for t in tokens if fig.i < t.i < origins[0].i and t.text != "."]  # ("280 тыс. тонн")
    unit_end = next((k for k, t in enumerate(between) if t.pos not in {"NUM", "NOUN", "ADJ"} or t.rel == "case"), len(between))
    gap = between[unit_end:]
    if len(gap) > 3 or any(t.text in {",", "(", ")", ";"} for t in gap) or _parenthesis_of(ctx.sentence or "", fig.start):
        return None
    return pair(owners[-1].name, origins[0].name)


def _part_end(tokens: tuple[Token, ...], fig: Token) -> int:
    """Where the figure's own part of the sentence ends: at the next number, or at "из которых", "из них", "в
    том числе" that open the parts of a total (character offset; the sentence's end when neither follows)."""
    for t in tokens[fig.i + 1:]:
        if t.text[:1].isdigit() and t.i > fig.i + 1:
            return t.start
        if t.lemma == "из" and t.i + 1 < len(tokens) and tokens[t.i + 1].lemma in ("который", "они"):
            return t.start
        if t.lemma == "в" and t.i + 2 < len(tokens) and tokens[t.i + 1].lemma == "тот" and tokens[t.i + 2].lemma == "число":
            return t.start
    return tokens[-1].stop if tokens else 0


def rule_party_before(tokens, parties, fig, gov, ctx: Context):
    """The parties nearest before the figure in its sentence: "Казахстан импортировал из Азербайджана
    … на 80,6 млн", "…, с Казахстаном – в 3,2 раза, до 547,6 млн", "а Узбекистан – на 60,2 млн"."""
    before = [p for p in _countries(parties) if p.start < fig.start]
    if not before:
        return None
    a, b = ctx.clause or (0, fig.start + 1)
    if any(a <= p.start < b and p.start > fig.start and p.role == "owner" for p in _countries(parties)) \
            and any(p.start < a for p in before):
        # the figure's clause names the owner of what it counts: the parties of an earlier clause are another
        # statement's
        # ("По казахстанско-китайскому нефтепроводу прокачивается 1 млн тонн, кроме того, … транзит 10 млн
        # тонн российской нефти": the 10 million are Russia's, not the Kazakh-Chinese pipeline's)
        before = [p for p in before if p.start >= a]
        if not before:
            return None
    last = before[-1]
    joined = _joined_owners(tokens, before)
    if len(joined) >= 3 and set(KA) <= {p.name for p in joined}:
        # "Азербайджан, Казахстан и Узбекистан планируют построить энергетический кабель мощностью 1,5 ГВт": the
        # three countries' joint project, the two countries' among them
        return "–".join([*KA, *(p.name for p in joined if p.name not in KA)])
    if len(before) > 1 and last.role == before[-2].role == "owner" and tokens[last.i].rel == "conj" \
            and tokens[last.i].head == before[-2].i and tokens[last.i].pos != "ADJ":
        return pair(before[-2].name, last.name)  # "Азербайджан и Казахстан договорились о … увеличении торговли"
    if last.role == "owner" and tokens[last.i].pos == "ADJ" and _shipped_from_home_port(tokens, parties, last, fig):
        return None  # "нарастило экспорт казахстанской нефти из порта Актау на 53%": the port's export
    if last.role == "route":
        return _route_from(last.name, parties)
    if last.role in {"partner", "origin"}:
        if last.name in KA and {p.name for p in before if p.role == last.role} >= set(KA):
            return BILATERAL  # "между Казахстаном и Азербайджаном"
        owners = [p for p in before if p.role == "owner" and p.start < last.start]
        speakers = [p for p in parties if p.role == "speaker"]
        owner = owners[-1].name if owners else (speakers[0].name if speakers else (ctx.owner or ctx.focus))
        return pair(owner, last.name)
    links = [p for p in before if p.role in {"partner", "origin"} and p.start < last.start]
    if last.role == "owner" and tokens[last.i].pos == "ADJ" and last.name in KA \
            and any(p.role == "owner" and p.name == _other(last.name) for p in before[:-1]):
        # "Баку условился с Астаной о расширении закупок казахстанской нефти до 2,2 млн тонн": one country's
        # goods bought or moved by the other, named before them
        return BILATERAL
    if not links and last.role == "owner" and ctx.owner_before not in (None, last.name) \
            and any(t.lemma in _SUPPLY for t in tokens) and not any(p.role == "partner" for p in parties):
        # "Азербайджан приобрел у России 640 тыс т пшеницы … Казахстан, в свою очередь, поставил почти 150 тыс
        # т": the supplier's figure is its supply to the buyer the paragraph named before
        return pair(last.name, ctx.owner_before)
    if not links and last.role == "owner":
        counted = _subtree(tokens, _phrase_head(tokens, fig))
        after = [p for p in _countries(parties) if p.start > fig.start and p.role in {"partner", "origin"} and p.i in counted]
        if after:
            return pair(last.name, after[0].name)  # "Азербайджан посетили 121 467 туристов из стран Центральной Азии"
    return pair(last.name, links[-1].name if links else None)


def _joined_owners(tokens: tuple[Token, ...], before: list[Party]) -> list[Party]:
    """The countries before a figure joined as one doer ("Азербайджан, Казахстан и Узбекистан"): the last owner's
    conjuncts, each attached to the first of them, in text order (one owner alone when there are none)."""
    owners = [p for p in before if p.role == "owner" and tokens[p.i].pos != "ADJ"]
    if not owners:
        return []
    head = owners[-1].i if tokens[owners[-1].i].rel != "conj" else tokens[owners[-1].i].head
    return [p for p in owners if p.i == head or (tokens[p.i].rel == "conj" and tokens[p.i].head == head)]


def _list_item(tokens: tuple[Token, ...], fig: Token) -> tuple[int, int]:
    """The token span of the list item holding the figure: a sentence that lists figures ("6 тыс. 124 вагона
    были отправлены по маршруту Баку- Актау - Баку и 21 тыс. 062 вагона - в направлении Баку - Курык - Баку",
    "2559 человек отправились по маршруту Алят—Курык, а 1897 — по маршруту Курык—Алят") starts an item at each
    number right after "и", "а" or a comma."""
    starts = [k for k in range(1, len(tokens)) if tokens[k].text[:1].isdigit() and tokens[k - 1].lemma in {"и", "а", ","}]
    a = max((k for k in starts if k <= fig.i), default=0)
    b = min((k for k in starts if k > fig.i), default=len(tokens))
    return a, b


def rule_ferry_line(tokens, parties, fig, gov, ctx: Context):
    """A ferry line the figure's list item names (:func:`_ferry_lines`), else the last the sentence names
    before it: "Из них 2559 человек отправились по маршруту Алят—Курык" is the Kuryk–Alyat line's figure."""
    lines = set(lexicon().ferry_lines.values())
    named_lines = [p for p in parties if p.role == "entity" and p.name in lines]
    if not named_lines:
        return None
    a, b = _list_item(tokens, fig)
    own = [p for p in named_lines if a <= p.i < b]
    before = [p for p in named_lines if p.start < fig.start]
    return own[0].name if own else before[-1].name if before else named_lines[0].name


def rule_joined_partners(tokens, parties, fig, gov, ctx: Context):
    """A flow to (or from) a third country and one of the two together is the owner's total, not the two
    countries' figure: "перевозки пассажиров в Туркменистан и Казахстан выросли на 41,4%"."""
    before = [p for p in _countries(parties) if p.start < fig.start]
    if not before or before[-1].role not in {"partner", "origin"}:
        return None
    last = before[-1]
    joined = [p for p in before[:-1] if p.role == last.role and tokens[last.i].rel == "conj" and tokens[last.i].head == p.i]
    names = {last.name} | {p.name for p in joined}
    if not joined or names <= set(KA) or not names & set(KA):
        return None
    owners = [p.name for p in before if p.role == "owner"]
    return owners[-1] if owners else ctx.owner or _other(last.name if last.name in KA else joined[0].name)


def _shipped_from_home_port(tokens, parties, owner: Party, fig) -> bool:
    """Are the goods of a country (*owner*, an adjective: "казахстанской нефти") shipped from a port of that
    same country ("из порта Актау") named between them and the figure, with no other country after them?"""
    lex = lexicon()
    ports = [p for p in parties if p.role == "entity" and owner.start < p.start < fig.start
             and lex.entity_country.get(p.name) == owner.name and _preposition(tokens, p.i) in lex.origin_preps]
    return bool(ports) and not any(p.start > owner.start for p in _countries(parties))


#: Words of supplying: a supplier's figure with no partner of its own supplies the buyer named before it.
_SUPPLY = frozenset({"поставить", "поставлять", "поставщик", "экспортировать", "отгрузить", "отгружать"})


def rule_governor_parties(tokens, parties, fig, gov, ctx: Context):
    """The countries attached to the governing noun: "товарооборот Азербайджана с Турцией сократился …"."""
    if gov is None:
        return None
    inside = _subtree(tokens, gov)
    mine = [p for p in _countries(parties) if p.i in inside]
    owners = [p.name for p in mine if p.role == "owner"]
    partners = [p.name for p in mine if p.role in {"partner", "origin"}]
    if not mine:
        return None
    if set(KA) <= set(partners):
        return BILATERAL
    return pair(owners[0] if owners else (ctx.owner if partners else None), partners[0] if partners else None)


def rule_governor_entity(tokens, parties, fig, gov, ctx: Context):
    """A route, port, pipeline or company attached to the governing noun: "перевалка в порту Актау"."""
    if gov is None:
        return None
    inside = _subtree(tokens, gov) | _subtree(tokens, tokens[gov.head]) if gov.head >= 0 else _subtree(tokens, gov)
    mine = [p for p in parties if p.role == "entity" and p.i in inside]
    homes = {lexicon().entity_country.get(p.name) for p in mine}
    if set(KA) <= homes:
        return BILATERAL  # "дочерние компании КМГ и SOCAR … перевезли": a joint figure
    if mine and _preposition(tokens, mine[0].i) in lexicon().origin_preps:
        # from a port to another country: "доставлено из порта Актау в порт Махачкалы" is Kazakhstan–Russia
        home = lexicon().entity_country.get(mine[0].name)
        to = [p.name for p in _countries(parties) if p.role == "partner" and p.start > mine[0].start and p.name != home]
        if home and to:
            return pair(home, to[0])
    return mine[0].name if mine else None


def _agent_verb(tokens: tuple[Token, ...], fig: Token) -> Token | None:
    """The verb whose subject acts on the figure: up from the figure's verb through infinitives and
    purpose clauses ("планирует расширить флот до шести судов": планирует)."""
    v = verb_above(tokens, fig)
    while v is not None and v.rel in {"xcomp", "advcl"} and v.head >= 0:
        v = tokens[v.head]
    return v


def rule_named_company(tokens, parties, fig, gov, ctx: Context):
    """A company the gazetteer does not know, named as the subject of the figure's verb: "Компания Semurg
    Invest … планирует расширить флот до шести судов" is Semurg Invest's figure. The name is the one set
    beside the noun "компания" (its apposition and the words it runs on with)."""
    verb = _agent_verb(tokens, fig)
    if verb is None:
        return None
    lex = lexicon()
    for subj in (c for c in tokens if c.head == verb.i and c.rel.startswith("nsubj") and c.lemma in lex.company_nouns):
        name = next((c for c in tokens if c.head == subj.i and c.rel == "appos" and c.pos in {"PROPN", "X"}), None)
        if name is None or any(p.i == name.i for p in parties):
            continue  # a known company is an entity party: the entity rules decide
        span = [name] + [c for c in tokens if c.head == name.i and c.rel.startswith("flat")]
        return " ".join(t.text for t in sorted(span, key=lambda t: t.i)).strip("«»\"")
    return None


_FIRST_PERSON_PLURAL = frozenset({"мы", "наш"})


def rule_speakers_own(tokens, parties, fig, gov, ctx: Context):
    """"У нас", "наш", "мы" in the figure's clause, said by an official of one country, are his country:
    "Сейчас по контракту у нас закреплено 2,2 млн тонн, - подчеркнул глава казахстанского Минэнерго" is
    Kazakhstan's — and the two countries' when the sentence before, in its paragraph, named a route of the
    other ("Самым перспективным направлением является маршрут Баку - Тбилиси - Джейхан")."""
    speakers = {p.name for p in parties if p.role == "speaker"}
    if len(speakers) != 1 or _countries(parties):
        return None
    a, b = ctx.clause or (0, len(tokens) and tokens[-1].stop)
    if not any(t.lemma in _FIRST_PERSON_PLURAL and a <= t.start < b for t in tokens):
        return None
    home = speakers.pop()
    route = ctx.before[3] if ctx.before is not None and ctx.before[0] == ctx.paragraph else None
    if route and home in KA and lexicon().entity_country.get(route) == _other(home):
        ctx.carried.add(route)
        ctx.carrier = route
        return BILATERAL
    return home


def rule_sentence_countries(tokens, parties, fig, gov, ctx: Context):
    """The countries of the sentence, when they are one pair or one country."""
    names = list(dict.fromkeys(p.name for p in _countries(parties)))
    speakers = [p.name for p in parties if p.role == "speaker" and p.name not in names]
    if len(names) == 1 and len(set(speakers)) == 1:
        return pair(speakers[0], names[0])  # "Президент Казахстана … шесть раз посетил Азербайджан"
    if len(names) == 2:
        owners = [p.name for p in _countries(parties) if p.role == "owner"]
        owner = owners[0] if owners else names[0]
        return pair(owner, next(n for n in names if n != owner))
    return names[0] if len(names) == 1 else None


def rule_sentence_entity(tokens, parties, fig, gov, ctx: Context):
    """The route, port, pipeline or company the sentence names (the first)."""
    ents = [p for p in parties if p.role == "entity"]
    return ents[0].name if ents else None


def back_reference(lemmas) -> bool:
    """Does a sentence refer back to an earlier figure ("этот показатель", "за отчетный период")?

    >>> back_reference(["за", "отчетный", "период", "экспорт", "вырасти"]), back_reference(["экспорт", "вырасти"])
    (True, False)
    """
    lemmas = list(lemmas)
    if lemmas[:1] == ["это"]:  # "Это на 864 тысячи тонн, или на 53%, больше, чем …"
        return True
    return any(tuple(lemmas[k:k + len(seq)]) == seq for seq in lexicon().back_references for k in range(len(lemmas)))


def rule_two_countries(tokens, parties, fig, gov, ctx: Context):
    """"The two countries" in an article about Kazakhstan and Azerbaijan: "У двух государств есть
    намерения увеличить товарооборот до $1 млрд", "стороны ставят цель довести этот показатель"."""
    if not ctx.both_named or _countries(parties):
        return None
    return BILATERAL if _has_seq([t.lemma for t in tokens], lexicon().two_countries) else None


def rule_previous_sentence(tokens, parties, fig, gov, ctx: Context):
    """A sentence with no party of its own continues the parties of the sentence before it in its
    paragraph ("Казахстан расширяет мощности портов Актау и Курык. К 2028 году планируется увеличить
    пропускную способность портов на 50%")."""
    if _countries(parties) or ctx.before is None or ctx.before[0] != ctx.paragraph:
        return None
    _, owner, partner, entity = ctx.before
    first = next((t.lemma for t in tokens if t.lemma.isalpha()), None)
    if entity and first in {"он", "она", "оно", "это"}:
        return entity  # "…назвал … Средний коридор. «Он стал реальной альтернативой …, сокращая время вдвое»"
    if entity and any(t.lemma in lexicon().property_nouns for t in tokens):
        return entity  # "Оптоволоконная линия пройдет от Актау до Сиазани. Общая длина — больше 340 км"
    return pair(owner, partner)


def rule_previous_figure(tokens, parties, fig, gov, ctx: Context):
    """A figure with no party of its own continues the previous figure's subject in its paragraph, or
    across paragraphs after a back-reference ("этот показатель вырос на 5%", "за отчетный период")."""
    if ctx.same_paragraph or back_reference(t.lemma for t in tokens):
        return _national(ctx.previous, gov)
    # the next paragraph goes on about the same thing when it names no party at all ("Как передает
    # агентство …, объем перевозок увеличился на 15%" after "«Казмортрансфлот» перевезла …") — unless it
    # speaks of the article's country's own trade ("средняя цена импортированной пшеницы" after a
    # partner's share): that is the country's (rule_article_focus)
    if not ctx.next_paragraph or parties:
        return None
    own_trade = ctx.focus and not ctx.entities and any(t.lemma in lexicon().focus_words for t in tokens)
    return None if own_trade else ctx.previous


#: Flows only a country has: a company's figure before them gives their country ("объем перевозок зерна по
#: сети КТЖ превысил 14,3 млн тонн … Экспорт составил 11 млн тонн": Kazakhstan's export).
_NATIONAL_FLOWS = frozenset({"экспорт", "импорт"})


def _national(previous: str | None, gov: Token | None) -> str | None:
    """*previous*, or its country when it is a company's and the figure is a flow only a country has."""
    if gov is None or gov.lemma not in _NATIONAL_FLOWS or previous not in lexicon().entity_country:
        return previous
    return lexicon().entity_country[previous] or previous


def rule_article_pair(tokens, parties, fig, gov, ctx: Context):
    """An article that names both countries and no other: a trade or investment figure with no party
    of its own is theirs ("товарооборот достиг $500 млн")."""
    if gov is None or gov.lemma not in lexicon().relation_governors:
        return None
    return BILATERAL if ctx.both_named and ctx.ka_lead else None


def rule_article_entity(tokens, parties, fig, gov, ctx: Context):
    """A volume that names no party, in an article that has named one route, port or company only:
    theirs ("по итогам 2025 года объем ожидается на уровне 5,2 млн тонн" in a report on the corridor)."""
    names = set(ctx.entities.values())
    if parties or len(names) != 1 or gov is None or gov.lemma not in lexicon().governors:
        return None
    return next(iter(names))


def rule_article_focus(tokens, parties, fig, gov, ctx: Context):
    """A figure that names no party, in an article about one country's trade that names no route or
    company: that country's ("тонна пшеницы импортировалась по цене $236,5" in a report on Azerbaijan's
    wheat imports)."""
    lex = lexicon()
    if parties or ctx.entities or not any(t.lemma in lex.governors or t.lemma in lex.focus_words for t in tokens):
        return None
    return ctx.focus


def rule_share_holder(tokens, parties, fig, gov, ctx: Context):
    """"На долю X приходится N": the share is X's — "на долю трубопровода приходится более 80% всей
    экспортной нефти Казахстана" is the pipeline's, "из них на долю КМГ приходится около $200 млн" KazMunayGas's.
    The holder is the party right after "на долю", and the figure comes after the verb."""
    for t in tokens:
        if t.lemma != "доля" or t.i == 0 or tokens[t.i - 1].lemma != "на" or t.i > fig.i:
            continue
        verb = next((v for v in tokens[t.i + 1:fig.i] if v.lemma == "приходиться"), None)
        holder = next((p for p in parties if p.i > t.i and (tokens[p.i].head == t.i or p.i == t.i + 1)), None)
        if verb is not None and holder is not None and holder.i < verb.i:
            return holder.name
    return None


def rule_community(tokens, parties, fig, gov, ctx: Context):
    """People of one country living in the other: "азербайджанская диаспора в Казахстане насчитывает 130
    тысяч человек" → Kazakhstan–Azerbaijan; "130 тысяч наших граждан азербайджанской национальности" (our:
    the other of the two countries)."""
    lex = lexicon()
    origin = next((p for p in _countries(parties) if tokens[p.i].rel == "amod"
                   and tokens[tokens[p.i].head].lemma in lex.community_nouns), None) if fig is not None else None
    if origin is None:
        return None
    home = next((p.name for p in _countries(parties) if p.name != origin.name), None)
    if home is None and any(t.lemma == "наш" for t in tokens):
        home = _other(origin.name)
    return pair(origin.name, home) if home else None


def rule_located_stock(tokens, parties, fig, gov, ctx: Context):
    """Things counted where they stand: "в порту Курык находятся 78 грузовиков, ожидающих отправки в порт
    Алят" is the port of Kuryk's count, not a flow between the two countries."""
    head = _phrase_head(tokens, fig)
    if head.head < 0 or not head.rel.startswith("nsubj") or tokens[head.head].lemma not in lexicon().located_verbs:
        return None
    verb = head.head
    here = [p for p in parties if p.role == "entity" and tokens[p.i].head == verb and tokens[p.i].rel == "obl"
            and _preposition(tokens, p.i, climb=0) in _LOCATIVE_PREPOSITIONS]
    return here[0].name if here else None


#: The rules, in the order they are tried.
RULES = (
    ("community", rule_community),
    ("located-stock", rule_located_stock),
    ("share-holder", rule_share_holder),
    ("shared-goods-route", rule_shared_goods_route),
    ("ferry-line", rule_ferry_line),
    ("entity-item-before-dash", rule_entity_item_before_dash),
    ("path-entity", rule_path_entity),
    ("part-of-previous", rule_part_of_previous),
    ("joined-partners", rule_joined_partners),
    ("origin-after-in-its-part", rule_origin_after_in_its_part),
    ("party-before", rule_party_before),
    ("governor-entity", rule_governor_entity),
    ("governor-parties", rule_governor_parties),
    ("named-company", rule_named_company),
    ("speakers-own", rule_speakers_own),
    ("sentence-countries", rule_sentence_countries),
    ("two-countries", rule_two_countries),
    ("sentence-entity", rule_sentence_entity),
    ("previous-sentence", rule_previous_sentence),
    ("previous-figure", rule_previous_figure),
    ("article-pair", rule_article_pair),
    ("article-entity", rule_article_entity),
    ("article-focus", rule_article_focus),
)


def _via(parties: list[Party], subject: str | None, ctx: Context, flow: bool = False) -> str | None:
    """Kazakh goods moved via Azerbaijan (or the reverse) are bilateral: a subject that is one of the
    two countries, or a route or port of one of them, in a sentence whose partner, origin or route
    entity lies in the other ("из порта Актау в порт Баку"); for a route or port, also the goods'
    owner ("казахстанской нефти … по БТД"). A route the article has shown carrying the other country's
    goods (:attr:`Context.carried`) carries them in a later *flow* (a volume, shipments …) that names no
    country of its own: "Планируется возможное увеличение объемов до 7 млн тонн в год" after "транзит
    казахстанской нефти по трубопроводу Баку-Тбилиси-Джейхан"."""
    lex = lexicon()
    entity_home = lex.entity_country.get(subject)
    home = subject if subject in KA else entity_home
    if home not in KA:
        return subject
    other = _other(home)
    for p in parties:
        if (p.role in {"partner", "origin"} and p.name == other) or (p.role == "entity" and lex.entity_country.get(p.name) == other):
            if p.role == "entity":
                ctx.carried.add(p.name)
                ctx.carrier = p.name
            return BILATERAL
        if entity_home and p.role == "owner" and p.name == other:
            ctx.carried.add(subject)
            ctx.carrier = subject
            return BILATERAL
        if not entity_home and p.role == "owner" and p.name == other and p.start > _first_of(parties, home):
            return BILATERAL  # "Азербайджан готов в четыре раза увеличить транзит казахстанской нефти"
    if subject in ctx.carried and flow and not _countries(parties):
        ctx.carrier = subject
        return BILATERAL
    return subject


def _first_of(parties: list[Party], name: str) -> int:
    """Where the sentence first names *name* (its character offset; past the end if it does not)."""
    return min((p.start for p in parties if p.name == name), default=1 << 30)


def article_context(lemmas: list) -> Context:
    """The article-level facts (from each sentence's lemmas): does it name both countries, any other,
    and which of the two it names most (its focus: the owner of an import with no owner of its own)."""
    lex = lexicon()
    counts: dict[str, int] = {}
    for sentence in lemmas:
        for lemma in sentence:
            name = lex.country_of.get(lemma)
            if name:
                counts[name] = counts.get(name, 0) + 1
    names = set(counts)
    focus = max(KA, key=lambda n: (counts.get(n, 0), n == KA[0])) if names & set(KA) else None
    top = sorted(counts, key=lambda n: -counts[n])[:2]
    return Context(both_named=set(KA) <= names, others_named=bool(names - set(KA)), focus=focus,
                   ka_lead=set(top) == set(KA))


def _ferry_lines(parties: list[Party], ctx: Context) -> list[Party]:
    """In an article about ferries, a route between the two ports of a ferry line is that line, an entity
    ("между портами Алят—Курык было перевезено 4456 пассажиров": the Kuryk–Alyat ferry line's figure)."""
    if not ctx.ferries:
        return parties
    lines = lexicon().ferry_lines
    return [Party(lines[p.places], "entity", p.i, p.start) if p.role in {"route", "path"} and p.places in lines
            else p for p in parties]


def _outside_other_clauses(tokens: tuple[Token, ...], parties: list[Party], fig: Token) -> list[Party]:
    """The parties not inside a relative clause that does not hold the figure: in "продавать 1,5 млн тонн
    нефти через азербайджанский трубопровод, по которому сырье доставляется в турецкий порт Джейхан" the
    clause says where the pipeline goes, not whose 1.5 million tonnes they are."""
    inside: set[int] = set()
    for t in tokens:
        if t.rel == "acl:relcl" and t.head not in {fig.i, fig.head}:  # not a clause on the figure itself:
            sub = _subtree(tokens, t, depth=8)  # "1,3–1,4 млн б/с, которые проходят по трубопроводу КТК"
            if fig.i not in sub:
                inside |= sub
    return [p for p in parties if p.i not in inside] if inside else parties


_CONSEQUENCE = re.compile(r",\s*что\s+(?:поможет|позволит|даст|обеспечит|снизит|разгрузит|ускорит)(?!\w)[^;.!?]*",
                         re.IGNORECASE)
_REMARK = re.compile(r",\s*что\s+(?!на\b|в\b|во\b)[^;.!?]*")
_CAUSE = re.compile(r"(?<!\w)(?:благодаря|в связи с|из-за|вследствие|на фоне)(?!\w)[^,;.!?]*", re.IGNORECASE)


#: A report's attribution at the end of its sentence: ", сообщили «Казахстанские железные дороги»".
_TRAILING_ATTRIBUTION = re.compile(r",\s*(?:[-–—]\s*)?(?:как\s+)?(?:сообщ|переда[её]т|передают|информиру|пишет|пишут|"
                                   r"говорится|отмечается|уточня)\w*[^.!?;]*[.!?;]?\s*$", re.IGNORECASE)


#: An agency's dateline opening the sentence: "БАКУ /Trend/ -", "АСТАНА, 3 мая /Kazinform/ —".
_DATELINE_PREFIX = re.compile(r"\s*[A-ZА-ЯЁ]{3,}[^/]{0,30}/[^/]{1,40}/\s*[-–—]")


@lru_cache(maxsize=1)
def _since_event() -> re.Pattern:
    return re.compile(datafiles.load("claims.yml")["since_event"], re.IGNORECASE)


def _event_routes_as_paths(text: str, parties: list[Party], start: int) -> list[Party]:
    """A route in the event a running total is counted from ("Общий объем контейнерных перевозок
    Казмортрансфлота с момента запуска линии Актау — Баку … достиг отметки в 100 тысяч TEU") is the way the
    goods went, not whose figure it is: a path (it still makes the figure the two countries' concern)."""
    spans = [(m.start(), m.end() + 60) for m in _since_event().finditer(text, 0, start)]
    if not spans:
        return parties
    return [Party(p.name, "path", p.i, p.start, p.places) if p.role == "route" and any(a <= p.start < b for a, b in spans)
            else p for p in parties]


def _outside_attribution(text: str, parties: list[Party], start: int) -> list[Party]:
    """The parties not in the attribution that closes the sentence after the figure: "было перевезено порядка
    2,8 млн тонн грузов, сообщили «Казахстанские железные дороги»" names who reports, not whose figure it is,
    whatever the parse makes of it (an official named there stays a speaker)."""
    line = _DATELINE_PREFIX.match(text)
    if line is not None:  # "БАКУ /Trend/ - За первые 8 месяцев …": where the agency writes from
        parties = [p for p in parties if p.start >= line.end()]
    m = _TRAILING_ATTRIBUTION.search(text)
    if m is None or m.start() < start:
        return parties
    return [p for p in parties if p.start < m.start() or p.role == "speaker"]


def _outside_causes(text: str, parties: list[Party], start: int) -> list[Party]:
    """The parties not inside a phrase that gives the cause of the change ("благодаря переориентации экспорта
    казахстанской нефти на маршрут «Баку – Тбилиси – Джейхан»"): why a port's transshipment grew says whose
    goods grew it, not whose figure it is."""
    spans = [(m.start(), m.end()) for m in _CAUSE.finditer(text) if not m.start() <= start < m.end()]
    # and the consequence told after the figure ("…до 20 тысяч автомашин в год, что поможет разгрузить
    # актауский морской порт": the port relieved is not the one that handles them)
    spans += [(m.start(), m.end()) for m in _CONSEQUENCE.finditer(text) if m.start() > start]
    # and what the statement as a whole was ("…до 1,7 миллиона тонн, что входило в стратегию … снижения
    # зависимости от России"): a "что"-clause after the figure with no figure of its own
    spans += [(m.start(), m.end()) for m in _REMARK.finditer(text) if m.start() > start and not re.search(r"\d", m.group())]
    return [p for p in parties if not any(a <= p.start < b for a, b in spans)] if spans else parties


def figure_subject(text: str, start: int, ctx: Context | None = None, paragraph: int | None = None,
                   duration: bool = False) -> tuple[str | None, str]:
    """Return ``(subject, rule)`` of the figure starting at character *start* of sentence *text*
    (in *paragraph* of its article); *duration*: the figure is a delivery or transit time.

    *ctx* carries what the article said before (see :class:`Context`); it is updated in place, so
    call this for the figures of an article in order.
    """
    ctx = Context() if ctx is None else ctx
    ctx.same_paragraph = paragraph is not None and paragraph == ctx.paragraph
    ctx.next_paragraph = paragraph is not None and ctx.paragraph is not None and paragraph == ctx.paragraph + 1
    ctx.paragraph = paragraph
    tokens = parse(text)
    ctx.note_ferries(t.lemma for t in tokens)
    train_before = paragraph is not None and ctx.train_paragraph == paragraph  # (a sentence before this one's)
    ctx.note_train([t.lemma for t in tokens], paragraph)
    parties = _ferry_lines(named(tokens), ctx)
    parties = sorted(parties + anaphors(tokens, parties, ctx), key=lambda p: p.start)
    for p in parties:
        if p.role == "entity":
            ctx.saw(p.name)
    here = [p.name for p in _countries(parties) if p.name in lexicon().country_of.values()]
    if here:
        ctx.country = here[-1]
    owners = [p for p in parties if p.role == "owner"]
    if text != ctx.sentence:  # the owner before this sentence (its second figure keeps the first's)
        ctx.owner_before = ctx.owner if ctx.owner_paragraph == paragraph else None
        ctx.sentence = text
        if ctx.figures_last:
            # "С начала года через порт перевезено свыше 1 миллиона тонн. Этот показатель планируется увеличить
            # до …": the sentence before is the one with figures, not the one without before it
            ctx.before = None
        ctx.figures_last = True
    if owners:
        ctx.owner, ctx.owner_paragraph = owners[0].name, paragraph
    ctx.clause = next(((a, b) for a, b in clause_spans(text) if a <= start < b), None)
    ctx.carrier = None
    fig = _figure_token(tokens, start)
    if fig is None:
        return ctx.previous, "previous-figure"
    gov = governor(tokens, fig)
    route = ctx.entities.get("маршрут")
    if duration and route and not any(p.role == "entity" for p in parties):
        # "блок-поезда доставляются из Китая в Азербайджан за 8-10 дней" in a report on the corridor: the
        # time a route takes end to end is the route's, not the two end countries'
        _note_bilateral(ctx, route, parties, "route-duration")
        ctx.previous = route
        return route, "route-duration"
    if ctx.others_named and _train_figure(tokens, fig, train_before, ctx.clause) and not any(
            p.role in ("owner", "origin") and p.name in KA for p in parties):
        route = ctx.entities.get("маршрут") or MIDDLE_CORRIDOR
        _note_bilateral(ctx, route, [], "train-on-route")
        ctx.previous = route
        return route, "train-on-route"
    parties = _outside_other_clauses(tokens, parties, fig)
    parties = _outside_causes(text, parties, start)
    parties = _outside_attribution(text, parties, start)
    parties = _event_routes_as_paths(text, parties, start)
    paths = [p for p in parties if p.role == "path"]
    parties = [p for p in parties if p.role != "path"]  # the way goods go says whose figure it is not
    flow = gov is not None and gov.lemma in lexicon().governors
    for name, rule in RULES:
        subject = rule(tokens, parties, fig, gov, ctx)
        if subject:
            if subject in lexicon().entity_country:
                ctx.carrier = subject
            elif name == "previous-figure" and subject == ctx.previous:
                ctx.carrier = ctx.carrier or ctx.previous_carrier  # the same goods on the same route
            if name not in ("shared-goods-route", "located-stock", "joined-partners"):  # the route's or the place's own figure: not turned into the two countries'
                subject = _via([p for p in parties if p.start < _part_end(tokens, fig)], subject, ctx, flow)
            ctx.previous_carrier = ctx.carrier
            _note_bilateral(ctx, subject, parties + paths, name)
            ctx.previous = subject
            return subject, name
    _note_bilateral(ctx, None, parties + paths, "none")
    return None, "none"


def _train_figure(tokens: tuple[Token, ...], fig: Token, train_before: bool, clause: tuple[int, int] | None) -> bool:
    """Is the figure one train's own: what it is made of, carries or covers ("поезд из 44 вагонов",
    "Тестовый поезд доставил 41 вагон-платформу", "поезд, которому предстоит пройти 8693 километра"; "Он
    преодолел более 3500 километров" when the paragraph spoke of a train just before)? When the parse
    attaches the figure elsewhere, a train named before it in its clause ("поезд пройдет около 7 тыс. км")."""
    lex = lexicon()
    t = tokens[fig.head] if fig.rel.startswith("nummod") and fig.head >= 0 else fig
    if t.lemma in _SCALE_WORDS:  # "7 тыс. км": the unit after the scale word
        t = next((u for u in tokens[t.i + 1:t.i + 3] if u.pos in {"NOUN", "PROPN"}), t)
    if t.lemma not in lex.train_loads:
        return False
    a = clause[0] if clause else 0
    if any(u.lemma in lex.train_nouns and a <= u.start < fig.start for u in tokens):
        return True
    seen = set()
    while t.head >= 0 and t.i not in seen:
        seen.add(t.i)
        t = tokens[t.head]
        if t.lemma in lex.train_nouns:
            return True
        if t.pos in {"VERB", "AUX"}:
            subj = [c for c in tokens if c.head == t.i and c.rel.startswith("nsubj")]
            if subj:
                return train_before and subj[0].lemma in ("он", "она", "оно")
            if t.rel not in ("acl", "acl:relcl", "xcomp", "csubj"):
                return False
    return False


#: The scale words between a number and its unit ("7 тыс. км").
_SCALE_WORDS = frozenset({"тыс", "тысяча", "млн", "миллион", "млрд", "миллиард"})


def _note_bilateral(ctx: Context, subject: str | None, parties: list[Party], rule: str) -> None:
    """Set ``ctx.figure_bilateral``: the subject is the two countries' or a joint project, or the figure
    moves along a route through both ("«Казмортрансфлот» перевезла в направлении Актау-Баку-Актау 59,4
    тысячи контейнеров": the company's figure, and a bilateral one), or it continues such a figure."""
    on_route = any(p.role in {"route", "path"} and p.name == BILATERAL for p in parties)
    continued = rule == "previous-figure" and ctx.previous_bilateral and subject == ctx.previous
    shared = rule == "shared-goods-route"  # Kazakh and Turkmen oil through the BTC: Kazakh goods via Azerbaijan
    ctx.figure_bilateral = is_bilateral(subject) or on_route or continued or shared
    ctx.previous_bilateral = ctx.figure_bilateral


def subject_anchor(text: str, start: int, subject: str | None) -> int | None:
    """Where the quote of the figure at character *start* must begin so that it names the party that
    makes the figure *subject*'s: the nearest country, group or entity before the figure that is part of
    the subject, from its preposition ("с Казахстаном – в 1,5 раза, до 600,3 млн долларов"), or None."""
    if not subject:
        return None
    tokens = parse(text)
    wanted = set(subject.split("–")) | {subject}
    before = [p for p in named(tokens) if p.start < start and p.role != "speaker" and (p.name in wanted or subject == BILATERAL and p.name in KA)]
    if not before:
        return None
    party = before[-1]
    first = next(t for t in tokens if t.start == party.start)
    prev = tokens[first.i - 1] if first.i > 0 else None
    return prev.start if prev is not None and prev.rel == "case" else party.start

