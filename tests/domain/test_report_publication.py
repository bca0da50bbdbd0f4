"""Publishing an annual report (R-REPORT): the figures frozen with a digest that any change of a figure alters, once
the year has ended, each publication kept."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from domain.errors import InvalidValue
from domain.proactive_table import TABLE2_CELLS
from domain.report_publication import evolve, figures_digest, publish, report_id
from domain.report_tables import Records, report_tables
from tests.domain.builders import HEAD, context
from tests.domain.test_annual_report import HISTORY


def test_the_digest_covers_every_figure_and_nothing_else() -> None:
    figures = report_tables(Records(cases=HISTORY), 2025).figures()
    assert len(figures) == len(TABLE2_CELLS) + 25 * 7 + 3 * 5
    assert len(TABLE2_CELLS) == 2 * 3 + 3 + 1  # 规章 and 规范性文件 × 3 columns, 3 kinds of decision, fee income
    digest = figures_digest("闵行区人社局", 2025, figures)
    assert digest == figures_digest("闵行区人社局", 2025, tuple(figures))  # the same on every computation
    changed = (attrs.evolve(figures[0], count=figures[0].count + 1), *figures[1:])
    assert figures_digest("闵行区人社局", 2025, changed) != digest
    assert figures_digest("闵行区民政局", 2025, figures) != digest
    assert figures_digest("闵行区人社局", 2024, figures) != digest


def test_a_report_is_published_once_its_year_has_ended_and_each_publication_is_kept() -> None:
    computed = report_tables(Records(cases=HISTORY), 2025)
    with pytest.raises(InvalidValue) as refused:
        publish(None, "闵行区人社局", 2025, computed, 40, context(date(2025, 12, 31), HEAD))
    assert refused.value.field == "year"
    first = publish(None, "闵行区人社局", 2025, computed, 40, context(date(2026, 1, 20), HEAD))
    assert first.originator_id == report_id("闵行区人社局", 2025) != report_id("闵行区人社局", 2024)
    state = evolve(None, first)
    again = publish(state, "闵行区人社局", 2025, computed, 52, context(date(2026, 2, 3), HEAD))
    assert again.originator_version == 2
    state = evolve(state, again)
    assert [p.log_position for p in state.publications] == [40, 52]
    assert state.latest is not None and state.latest.digest == first.digest  # the same figures, the same digest
