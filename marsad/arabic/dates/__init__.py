"""Time expressions in Arabic news (and the English forms found on Arabic pages): found with
offsets and normalized to TIMEX3 values.

Families: absolute dates (Egyptian/Gulf, Levantine/Iraqi and Maghrebi month names, English
months, ordinal days, numeric forms, Hijri dates), relative ones (اليوم، أمس، يوم الجمعة، الشهر
الماضي، أكتوبر الماضي، منذ أسبوعين، بعد ثلاثة أيام), parts and ranges (مطلع/منتصف/أواخر،
النصف الثاني من عام 2025، الربع الأول، بين … و…، من … إلى …), decades, centuries, seasons,
holidays, clock times, durations (لعشرين عاما), sets (سنويا، كل أسبوع) and vague references
(سابقا، حاليا، قريبا).

Values are TIMEX3: ``2024-12-06``, ``2024-11``, ``2024``, ``2024-W48``, ``2025-H2``, ``2025-Q1``,
``2024-SU``, ``198X`` (a decade), ``19`` (a century), ``2024-12-06TEV``, ``P20Y``, ``PT48H``,
``PXY`` (some years), ``P1W`` for a set, ``PAST_REF``/``PRESENT_REF``/``FUTURE_REF``. A part of a
period that has no TIMEX3 suffix is a ``mod`` (START, MID, END); hedges are mods too (APPROX,
MORE_THAN, LESS_THAN). A date followed by a clock time is a TIME (``2017-08-11T15:20``).

Ranges: the two ends of بين X وY، من X إلى Y، X - Y stay two expressions (as TIMEX3 annotates
them), each carrying the range's ``start_value`` and ``end_value``, the first with its signal
(between, from), the second with its connector (and, to, until); an end without a year takes
the other's (من 1 يناير إلى 1 مايو 2019). A range whose first end is a bare day number (من 13 إلى
15 نوفمبر، 2 / 6 / 3 / 1942) or a year pair (2019/2020، 1936 - 1939) is one expression whose
``value`` is its start.

Spans: an expression covers the words that carry its value plus the clitics attached to its
first word (لعشرين عاما، وأمس). A separate signal word before it (منذ، خلال، بتاريخ، في، بحلول،
حتى) is left out of the span and recorded in ``signal`` (its meaning) and ``signal_start``;
corpora that put signals inside their spans (Wojood) are scored from ``signal_start``. Words
that make the value belong to the span: قبل عامين ("two years ago"), بعد ثلاثة أيام (from now;
in a past narrative, or before من/على, it counts from another event and stays a duration).

Relative expressions resolve against ``ref``; without one they are still found, with value ""
and ``relative`` set, and ``pattern`` keeps what is known (``XXXX-10`` for "أكتوبر الماضي").
A day or month named without a year (يوم الجمعة، في أكتوبر) is the past one unless its clause
speaks of the future (سـ + verb، سوف، لن، من المقرر، قد + imperfect, a scheduling verb such as
يزور or تعقد), or the caller passes ``future=True``.

Speed: the grammar is a list of regexes over normalized text, tried with ``match`` only at the
few token starts just before an anchor (a digit, or a word of the time vocabulary), and at each
start only with the patterns that can open with its token (found once per token form) or, at a
number, with its length; a sentence without an anchor, most of them, costs one ``findall``.

The package: :mod:`.lexicon` (vocabulary), :mod:`.grammar` (patterns), :mod:`.search` (candidate
starts and matching), :mod:`.absolute` and :mod:`.relative` (values of the matches),
:mod:`.context` and :mod:`.values` (what they share), :mod:`.find` (the public entry) and
:mod:`.bounds` (reading values). Names with an underscore are the package's own.
"""

from marsad.arabic.dates.bounds import (
    granularity,
    infer_story_bounds,
    parse_date,
    parse_iso_date,
    precision_of,
    value_bounds,
)
from marsad.arabic.dates.find import find_timexes
from marsad.arabic.dates.lexicon import lexicon
from marsad.arabic.dates.values import Timex

__all__ = ["Timex", "find_timexes", "granularity", "infer_story_bounds", "lexicon", "parse_date", "parse_iso_date",
           "precision_of", "value_bounds"]
