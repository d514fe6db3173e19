"""The nightly back-test stores each estimator's error, and `auto` then shows the best."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from planning.calibrate import calibrate_centre
from queueing.models import EstimatorError
from queueing.waits import MIN_SAMPLES, chosen_estimator
from tests.planning.test_backtest import DAY, recorded_day  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_it_stores_signed_error_quantiles_per_estimator(recorded_day):  # noqa: F811
    rows = calibrate_centre(centre=recorded_day, today=DAY + dt.timedelta(days=1), days=1)
    overall = {r.estimator: r for r in rows if r.service_id is None}
    assert set(overall) == {"zms", "pool", "last_called", "simulation"}
    # The ZMS rule only ever says too little (80 % of the work ahead).
    assert overall["zms"].high_seconds <= 0
    assert overall["pool"].mae_seconds < overall["zms"].mae_seconds
    assert EstimatorError.objects.filter(centre=recorded_day).count() == len(rows)
    assert all(r.samples < MIN_SAMPLES for r in rows)  # one small day: too few for `auto`
    assert chosen_estimator(recorded_day, DAY + dt.timedelta(days=1)) == "pool"


def test_a_second_run_replaces_the_rows(recorded_day):  # noqa: F811
    calibrate_centre(centre=recorded_day, today=DAY + dt.timedelta(days=1), days=1)
    first = EstimatorError.objects.count()
    calibrate_centre(centre=recorded_day, today=DAY + dt.timedelta(days=1), days=1)
    assert EstimatorError.objects.count() == first


def test_the_command_reports_the_choice_and_refuses_unknown_centres(recorded_day, capsys):  # noqa: F811
    call_command("calibrate_estimates", centre="amman", today=DAY + dt.timedelta(days=1), days=1)
    assert "shown: pool" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("calibrate_estimates", centre="nowhere")
    with pytest.raises(CommandError):
        call_command("calibrate_estimates", days=0)
