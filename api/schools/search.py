"""Typo-tolerant search of the register (pg_trgm over ``schools.search_text``).

- Query and stored text are folded alike (lower case, ё→е, й→и, quotes, № and punctuation
  dropped), so «Школа №57», «школа 57» and «ШКОЛА № 57» are one query.
- Words nearly every school has («школа», «МБОУ», «средняя», «ул.»; also misspelt, as
  «гимназиа») are not asked for: the stored text leaves them out too. A kind among them
  («гимназия», «лицей») ranks schools of that kind first.
- A region named in the query («москва», «масква», «санкт-петербург», «свердловская»)
  filters like ``region=``; the stored text leaves the school's own region out.
- Every other word must be in the school's text, give or take typos: ``search_text %>>
  word`` holds when whole words of the text share at least ``WORD_SIMILARITY`` of their
  trigrams with it (strict word similarity: «покровская» does not match «ростовская
  покровка», which plain word similarity does). Every number must be there as a whole
  word (``LIKE '% 57 %'``). The GIN trigram index answers both.
- A query of generic words only lists schools alphabetically (of the kind it names).
- Ranking: the ИНН or ОГРН typed exactly; the typed numbers in the school's name («57»
  puts «Школа № 57» before a school at house 57); the kind named; the similarity of the
  query's words; connected schools before the others; then the short name.
- Closed schools are not listed (``GET /schools/{id}`` still shows them).
- When nothing is found: words taken for a region are searched as words instead (a street
  «Тверская-Ямская» is not «Тверская область»), then numbers with two neighbouring digits
  swapped («2170» finds «№ 2107»). These passes run only for queries that found nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    Integer,
    Numeric,
    Select,
    and_,
    case,
    cast,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from api.schools.models import School
from api.schools.query import Query, parse_query

# pg_trgm's strict word similarity (trigrams shared with the best run of whole words over
# all trigrams of both) a query word needs. First NEAR_EXACT: the word as typed, give or
# take an ending; the index then fetches few rows. Only when that finds nothing,
# WORD_SIMILARITY: one wrong letter in a word of six letters or more («втарая» for
# «вторая»: 4 trigrams shared of 10), a missing or swapped one («гимназя», «покорвская»).
# Russian adjectives share endings («-ская»), so at 0.4 the index hands many more rows to
# the recheck: that pass costs several times more (see bench/schools.py).
NEAR_EXACT = 0.6
WORD_SIMILARITY = 0.4


@dataclass(frozen=True, slots=True)
class SearchPage:
    schools: list[School]
    total: int


def _filters(region: str | None, connected: bool | None) -> list[ColumnElement[bool]]:
    # Inline, not a parameter: the partial index ix_schools_open matches this very text.
    filters: list[ColumnElement[bool]] = [School.status != literal_column("'closed'")]
    if region is not None:
        filters.append(School.region_code == region)
    if connected is not None:
        filters.append(School.connected.is_(connected))
    return filters


async def _listing(
    session: AsyncSession, filters: list[ColumnElement[bool]], limit: int, offset: int
) -> SearchPage:
    # The total as a scalar subquery of the page's statement: the same two plans (the
    # index-only count, the page by short name), one round trip.
    total = select(func.count()).select_from(School).where(*filters).scalar_subquery()
    statement = (
        select(School, cast(total, Integer).label("total"))
        .where(*filters)
        .order_by(School.short_name, School.id)
    )
    return await _page(session, statement, limit, offset)


def _number_in_name(number: str) -> ColumnElement[bool]:
    name = func.concat_ws(" ", School.short_name, School.full_name)
    return name.regexp_match(f"(^|[^0-9]){number}([^0-9]|$)")


def swapped_digits(number: str) -> tuple[str, ...]:
    """«2170» -> «1270», «2710», «2107»: the number with two neighbouring digits swapped."""
    variants = (
        number[:i] + number[i + 1] + number[i] + number[i + 2 :] for i in range(len(number) - 1)
    )
    return tuple(dict.fromkeys(v for v in variants if v != number and not v.startswith("0")))


def _number_matches(number: str, *, swapped: bool) -> ColumnElement[bool]:
    # Whole numbers only: «57» is not «157» or «570». The padding of search_text gives
    # every word a space on each side, so the trigram index serves this LIKE.
    options = (number, *swapped_digits(number)) if swapped else (number,)
    return or_(*(School.search_text.like(f"% {option} %") for option in options))


def _ranked(
    query: Query, filters: list[ColumnElement[bool]], *, swapped: bool = False
) -> Select[School, int]:
    matches: ColumnElement[bool] = and_(
        *(School.search_text.op("%>>")(word) for word in query.words),
        *(_number_matches(number, swapped=swapped) for number in query.numbers),
    )
    exact: ColumnElement[bool] | None = None
    if query.inn or query.ogrn:
        exact = School.inn == query.inn if query.inn else School.ogrn == query.ogrn
        matches = or_(matches, exact)
    ranks: list[ColumnElement[int]] = []
    if exact is not None:
        ranks.append(case((exact, 1), else_=0))
    if query.numbers:
        # The number as typed first, then a school whose name has it with digits swapped.
        ranks.append(case((and_(*(_number_in_name(n) for n in query.numbers)), 1), else_=0))
        if swapped:
            in_name = (
                or_(*(_number_in_name(v) for v in (n, *swapped_digits(n)))) for n in query.numbers
            )
            ranks.append(case((and_(*in_name), 1), else_=0))
    if query.kind is not None:
        ranks.append(case((School.kind == query.kind, 1), else_=0))
    similarity = func.round(
        cast(func.strict_word_similarity(query.distinctive, School.search_text), Numeric), 2
    )
    order = [
        *(rank.desc() for rank in ranks),
        similarity.desc(),
        School.connected.desc(),
        School.short_name,
        School.id,
    ]
    total = cast(func.count().over(), Integer).label("total")
    return select(School, total).where(matches, *filters).order_by(*order)


async def search(
    session: AsyncSession,
    *,
    q: str | None = None,
    region: str | None = None,
    connected: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    query = parse_query(q or "")
    page = await _matching(session, query, region, connected, limit, offset)
    if page.total or offset:
        return page
    # Nothing found: the extra passes below cost only queries that found nothing.
    if query.region_words and region is None:
        # «Тверская-Ямская»: a street named like a region, searched as words anywhere.
        query = query.without_region()
        page = await _matching(session, query, None, connected, limit, offset)
    if not page.total and any(swapped_digits(number) for number in query.numbers):
        # «школа 2170» for «Школа № 2107»: two neighbouring digits swapped.
        page = await _matching(session, query, region, connected, limit, offset, swapped=True)
    return page


async def _matching(
    session: AsyncSession,
    query: Query,
    region: str | None,
    connected: bool | None,
    limit: int,
    offset: int,
    *,
    swapped: bool = False,
) -> SearchPage:
    filters = _filters(region or query.region, connected)
    if not (query.words or query.numbers or query.inn or query.ogrn):
        if query.kind is not None:
            filters.append(School.kind == query.kind)
        return await _listing(session, filters, limit, offset)
    # Plans for these values, not generic ones: a cached generic plan knows neither the
    # LIMIT nor how rare a word is, and falls back to reading the whole table. (Not the
    # listing above: even forced, its generic plan is its custom one — the page down
    # ix_schools_short_name or ix_schools_region_code_short_name, the total by index-only
    # scan — checked on bench/schools.py's 45,000 schools, whole register, a kind, a region.)
    custom = ("plan_cache_mode", "force_custom_plan")
    if not query.words:
        await _set(session, custom)
        return await _page(session, _ranked(query, filters, swapped=swapped), limit, offset)
    page = SearchPage([], 0)
    for threshold in (NEAR_EXACT, WORD_SIMILARITY):
        await _set(session, custom, ("pg_trgm.strict_word_similarity_threshold", str(threshold)))
        page = await _page(session, _ranked(query, filters, swapped=swapped), limit, offset)
        if page.total:
            break
    return page


async def _set(session: AsyncSession, *settings: tuple[str, str]) -> None:
    """Settings for the rest of this transaction (``SET LOCAL``), in one round trip."""
    await session.execute(select(*(func.set_config(name, value, True) for name, value in settings)))


async def _page(
    session: AsyncSession, statement: Select[School, int], limit: int, offset: int
) -> SearchPage:
    rows = (await session.execute(statement.limit(limit).offset(offset))).all()
    if rows:
        return SearchPage([row[0] for row in rows], rows[0][1])
    if offset == 0:
        return SearchPage([], 0)
    # Past the last page: the window count came back with no row to carry it.
    count = statement.with_only_columns(func.count()).order_by(None)
    return SearchPage([], await session.scalar(count) or 0)
