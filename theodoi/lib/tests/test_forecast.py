import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from theodoi.lib.forecast import Forecast, forecast

YEAR_END = date(2026, 12, 31)
START = date(2026, 1, 31)


def series(values, step=30):
    """Values ``step`` days apart from 31/01/2026."""
    return [
        (START + timedelta(days=step * i), None if v is None else Decimal(str(v)))
        for i, v in enumerate(values)
    ]


def days_to_end():
    return (YEAR_END - START).days


def test_a_straight_line_is_extrapolated_exactly_with_a_tight_interval():
    # 10, 13, 16, … every 30 days: 0.1 a day, so 10 + 0.1 × 334 at year end.
    found = forecast(
        series([10, 13, 16, 19, 22, 25]), target=Decimal(40), op=">=", year_end=YEAR_END
    )
    expected = 10 + 0.1 * days_to_end()
    assert found.method == "trend"
    assert float(found.value) == pytest.approx(expected, abs=1e-3)
    assert float(found.high) - float(found.low) < 1e-3
    assert found.state == "likely"  # 43.4 ≥ 40, the latest 25 not yet
    assert found.explanation.startswith("Xu hướng tuyến tính của 6 kỳ: dự báo cuối năm 43,4")
    assert "mục tiêu ≥ 40" in found.explanation


def test_a_line_already_past_its_target_is_met():
    found = forecast(series([50, 52, 54, 56]), target=Decimal(50), op=">=", year_end=YEAR_END)
    assert (found.method, found.state) == ("trend", "met")


def test_a_falling_line_below_its_target_is_at_risk_even_at_its_best():
    found = forecast(series([60, 58, 56, 54]), target=Decimal(50), op=">=", year_end=YEAR_END)
    assert (found.method, found.state) == ("trend", "at_risk")  # met now, out by year end
    assert "cả cận tốt nhất cũng không đạt" in found.explanation


def test_a_flat_series_does_not_crash_and_has_a_zero_width_interval():
    found = forecast(series([5] * 6), target=Decimal(5), op=">=", year_end=YEAR_END)
    assert (found.state, found.value, found.low, found.high) == ("met", 5, 5, 5)
    missed = forecast(series([4] * 6), target=Decimal(5), op=">=", year_end=YEAR_END)
    assert missed.state == "at_risk"


def test_a_series_that_jumps_has_the_least_squares_line_and_a_wide_interval():
    import numpy

    points = series([10, 10, 10, 50])
    found = forecast(points, target=Decimal(60), op=">=", year_end=YEAR_END)
    x = numpy.array([(day - START).days for day, _ in points], dtype=float)
    y = numpy.array([10, 10, 10, 50], dtype=float)
    slope, intercept = numpy.polyfit(x, y, 1)
    assert float(found.value) == pytest.approx(intercept + slope * days_to_end(), abs=1e-3)
    # The closed form of the 95 % prediction interval of a simple regression.
    from scipy import stats

    residual = y - (intercept + slope * x)
    s = (residual @ residual / (len(x) - 2)) ** 0.5
    x0 = days_to_end()
    se = s * (1 + 1 / len(x) + (x0 - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum()) ** 0.5
    half = stats.t.ppf(0.975, len(x) - 2) * se
    assert float(found.low) == pytest.approx(intercept + slope * x0 - half, abs=1e-3)
    assert float(found.high) == pytest.approx(intercept + slope * x0 + half, abs=1e-3)
    assert found.state == "likely"  # the forecast passes 60; the interval is wide


def test_one_value_uses_the_ratio_to_the_expected_share():
    # Half the year gone, 100 expected at year end: 50 expected, 49 done → 98 %: on track.
    on_track = forecast(
        series([49]), target=Decimal(100), op=">=", year_end=YEAR_END, expected_share=0.5
    )
    assert (on_track.method, on_track.state) == ("ratio", "likely")
    assert "49,0 / 50,0 = 98 %, đúng tiến độ" in on_track.explanation
    behind = forecast(
        series([45]), target=Decimal(100), op=">=", year_end=YEAR_END, expected_share=0.5
    )
    assert behind.state == "likely" and "chậm tiến độ" in behind.explanation  # 90 %
    at_risk = forecast(
        series([40]), target=Decimal(100), op=">=", year_end=YEAR_END, expected_share=0.5
    )
    assert at_risk.state == "at_risk"  # 80 %
    met = forecast(series([100]), target=Decimal(100), op=">=", year_end=YEAR_END)
    assert met.state == "met"


def test_the_share_of_the_year_defaults_to_the_latest_values_date():
    # 31/01 to 31/12: 31 of 365 days gone; expected = 365 × 31/365 = 31.
    found = forecast(series([31]), target=Decimal(365), op=">=", year_end=YEAR_END)
    assert "31,0 / 31,0 = 100 %" in found.explanation


def test_no_value_yet_is_unknown():
    found = forecast(series([None]), target=Decimal(100), op=">=", year_end=YEAR_END)
    assert (found.state, found.method, found.value) == ("unknown", "none", None)
    assert forecast([], target=Decimal(1), op=">=", year_end=YEAR_END).state == "unknown"
    no_target = forecast(series([1, 2, 3, 4]), target=None, op="", year_end=YEAR_END)
    assert no_target.state == "unknown"


def test_lower_is_better_mirrors_higher_is_better():
    # Poor households: 6 % falling by 0.3 a month towards a target ≤ 3 % at year end.
    falling = forecast(series([6, 5.7, 5.4, 5.1]), target=Decimal(3), op="<=", year_end=YEAR_END)
    assert float(falling.value) == pytest.approx(6 - 0.01 * days_to_end(), abs=1e-3)
    assert falling.state == "likely"
    assert "mục tiêu ≤ 3" in falling.explanation
    slow = forecast(series([6, 5.9, 5.8, 5.7]), target=Decimal(3), op="≤", year_end=YEAR_END)
    assert slow.state == "at_risk"
    below = forecast(series([2, 2, 2, 2]), target=Decimal(3), op="<=", year_end=YEAR_END)
    assert below.state == "met"
    # The ratio for lower is better: expected ÷ actual (spending 60 of 100 at mid-year).
    over = forecast(
        series([60]), target=Decimal(100), op="<=", year_end=YEAR_END, expected_share=0.5
    )
    assert over.state == "at_risk"  # 50 / 60 = 83 %


def test_equal_target_is_met_when_the_interval_holds_it():
    found = forecast(series([1, 1, 1, 1]), target=Decimal(1), op="=", year_end=YEAR_END)
    assert found.state == "met"
    assert forecast(series([1, 2, 3, 4]), target=Decimal(1), op="=", year_end=YEAR_END).state == (
        "at_risk"
    )


def test_a_kpi_in_parts_is_forecast_on_the_summed_rate():
    # Two parts (province, communes); the caller sums numerators and denominators.
    province = [(90, 100), (92, 100), (94, 100), (96, 100)]
    communes = [(30, 100), (40, 100), (50, 100), (60, 100)]
    rates = [
        Decimal(a + c) / Decimal(b + d) * 100
        for (a, b), (c, d) in zip(province, communes, strict=True)
    ]
    assert [float(r) for r in rates] == [60, 66, 72, 78]  # not the mean of the parts' rates
    found = forecast(series(rates), target=Decimal(95), op=">=", year_end=YEAR_END)
    assert float(found.value) == pytest.approx(60 + 0.2 * days_to_end(), abs=1e-3)
    assert found.state == "likely"


def test_a_forecast_is_stored_as_json_and_read_back_exactly():
    for values in ([50, 61.5, 70.25, 79], [50], []):
        found = forecast(series(values), target=Decimal(100), op=">=", year_end=YEAR_END)
        assert Forecast.from_json(json.loads(json.dumps(found.as_json()))) == found
