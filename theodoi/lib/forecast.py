"""A KPI's year-end forecast: will it meet its target?

``forecast(points, target=…, op=…, year_end=…)`` gives a state, the method that gave
it, the forecast value with its interval and a short Vietnamese sentence saying why.

States: ``met`` (đạt), ``likely`` (có khả năng đạt), ``at_risk`` (có nguy cơ không
đạt), ``unknown`` (chưa đánh giá được). "Satisfies" below means the comparison of the
target's ``op`` holds: ``>=``/``>`` (higher is better), ``<=``/``<`` (lower is better),
``=`` (the target itself). The rules are the same in both directions: the optimistic
bound is the upper one when higher is better, the lower one when lower is better.

Methods:

- ``trend`` (four values or more, on at least two dates): a straight line fitted by
  ordinary least squares to the values over time (days), extrapolated to ``year_end``
  with its 95 % prediction interval (statsmodels' ``obs_ci_lower``/``obs_ci_upper``).
  A series that fits a line exactly (a flat one included) has a zero-width interval.

  * ``met``: the latest value satisfies the target and so does the forecast;
  * ``likely``: the forecast satisfies the target (the latest value does not yet);
  * ``at_risk``: the forecast misses the target (the sentence says when even the
    optimistic bound misses it).

  For ``=`` the forecast "satisfies" when the target lies within the interval.

- ``ratio`` (one to three values): the latest value against the share of the target
  expected by its date, ``expected = target × share`` where the share is the part of
  the year elapsed at the latest value's date (or ``expected_share``). The performance
  is ``actual ÷ expected`` when higher is better, ``expected ÷ actual`` when lower is
  better, the smaller of the two for ``=``:

  * ``met``: the latest value satisfies the target and the performance is ≥ 95 %;
  * ``likely``: performance ≥ 95 % (on track: 95–105 %, or ahead), or 85–95 %
    ("behind" in the sentence);
  * ``at_risk``: performance < 85 %.

  When the performance cannot be computed (an expected or actual value of zero) the
  latest value is compared with the target: ``met`` or ``at_risk``.

- ``none``: no value yet (a yearly KPI before its first report), or no comparable
  target: ``unknown``.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from theodoi.lib.numbers import format_number

MET = "met"
LIKELY = "likely"
AT_RISK = "at_risk"
UNKNOWN = "unknown"

TREND_MIN_VALUES = 4
ON_TRACK = 0.95
BEHIND = 0.85

_HIGHER = {">=": ">=", "≥": ">=", ">": ">"}
_LOWER = {"<=": "<=", "≤": "<=", "<": "<"}
_SIGN = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}


@dataclass(frozen=True)
class Forecast:
    state: str  # met | likely | at_risk | unknown
    method: str  # trend | ratio | none
    value: Decimal | None  # the forecast at year end (trend), the latest value (ratio)
    low: Decimal | None
    high: Decimal | None
    explanation: str

    def as_json(self) -> dict:
        """For a JSON field: the numbers as strings (exact), None as null."""
        return {
            "state": self.state,
            "method": self.method,
            "value": _text(self.value),
            "low": _text(self.low),
            "high": _text(self.high),
            "explanation": self.explanation,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Forecast":
        numbers = [None if data[k] is None else Decimal(data[k]) for k in ("value", "low", "high")]
        return cls(data["state"], data["method"], *numbers, data["explanation"])


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def forecast(
    points: list[tuple[date, Decimal | None]],
    *,
    target: Decimal | None,
    op: str,
    year_end: date,
    expected_share: float | None = None,
) -> Forecast:
    """The year-end forecast of a KPI from its values so far (see the module's doc)."""
    values = sorted((day, float(value)) for day, value in points if value is not None)
    op = _normalise(op)
    if not values:
        return Forecast(UNKNOWN, "none", None, None, None, "Chưa có số liệu để đánh giá.")
    if target is None or op is None:
        latest = _decimal(values[-1][1])
        text = "Chưa có mục tiêu định lượng để so sánh."
        return Forecast(UNKNOWN, "none", latest, None, None, text)
    target_f = float(target)
    if len(values) >= TREND_MIN_VALUES and len({day for day, _ in values}) >= 2:
        return _trend(values, target_f, op, year_end)
    return _ratio(values, target_f, op, year_end, expected_share)


def _normalise(op: str) -> str | None:
    op = (op or "").strip()
    if op == "=":
        return op
    return _HIGHER.get(op) or _LOWER.get(op)


def _satisfies(value: float, target: float, op: str) -> bool:
    return {
        ">=": value >= target,
        ">": value > target,
        "<=": value <= target,
        "<": value < target,
        "=": math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9),
    }[op]


def _trend(values, target: float, op: str, year_end: date) -> Forecast:
    import numpy

    # statsmodels takes a while to import: only when a forecast is needed, and only OLS.
    from statsmodels.regression.linear_model import OLS

    first = values[0][0]
    x = numpy.array([(day - first).days for day, _ in values], dtype=float)
    y = numpy.array([value for _, value in values], dtype=float)
    fit = OLS(y, numpy.column_stack([numpy.ones_like(x), x])).fit()
    prediction = fit.get_prediction(numpy.array([[1.0, float((year_end - first).days)]]))
    ((low, high),) = prediction.conf_int(obs=True, alpha=0.05)  # no data frame: faster
    mean, low, high = float(prediction.predicted_mean[0]), float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)):  # a perfect fit: no spread at all
        low = high = mean
    if op == "=":
        hit = low - 1e-9 <= target <= high + 1e-9
        optimistic_hit = hit
    else:
        hit = _satisfies(mean, target, op)
        optimistic_hit = _satisfies(high if op in _HIGHER else low, target, op)
    latest_ok = _satisfies(values[-1][1], target, op)
    if hit:
        state = MET if latest_ok else LIKELY
    else:
        state = AT_RISK
    text = (
        f"Xu hướng tuyến tính của {len(values)} kỳ: dự báo cuối năm {_fmt(mean)} "
        f"(khoảng {_fmt(low)}–{_fmt(high)}), mục tiêu {_SIGN[op]} {format_number(target)}"
    )
    if state == AT_RISK and not optimistic_hit:
        text += "; cả cận tốt nhất cũng không đạt"
    return Forecast(state, "trend", _decimal(mean), _decimal(low), _decimal(high), text + ".")


def _ratio(values, target: float, op: str, year_end: date, expected_share) -> Forecast:
    day, actual = values[-1]
    if expected_share is None:
        start = date(year_end.year, 1, 1)
        elapsed = ((day - start).days + 1) / ((year_end - start).days + 1)
        expected_share = min(1.0, max(0.0, elapsed))
    expected = target * expected_share
    latest_ok = _satisfies(actual, target, op)
    goal = f"mục tiêu {_SIGN[op]} {format_number(target)}"
    performance = _performance(actual, expected, op)
    if performance is None:
        state = MET if latest_ok else AT_RISK
        text = f"Giá trị mới nhất {_fmt(actual)}, {goal}."
        return Forecast(state, "ratio", _decimal(actual), None, None, text)
    if performance >= ON_TRACK:
        state, verdict = (MET if latest_ok else LIKELY), "đúng tiến độ"
    elif performance >= BEHIND:
        state, verdict = LIKELY, "chậm tiến độ"
    else:
        state, verdict = AT_RISK, "chậm nhiều so với tiến độ"
    text = (
        f"Thực hiện so với kế hoạch đến kỳ ({len(values)} kỳ có số liệu): {_fmt(actual)} / "
        f"{_fmt(expected)} = {format_number(round(performance * 100, 1))} %, {verdict}; {goal}."
    )
    return Forecast(state, "ratio", _decimal(actual), None, None, text)


def _performance(actual: float, expected: float, op: str) -> float | None:
    """How far the value is along the expected path: 1.0 is exactly on it."""
    if actual <= 0 or expected <= 0:
        return None
    if op in _HIGHER:
        return actual / expected
    if op in _LOWER:
        return expected / actual
    return min(actual / expected, expected / actual)


def _fmt(value: float) -> str:
    return format_number(round(value, 1), 1)


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 4)))
