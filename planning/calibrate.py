"""Store each wait estimator's recent back-test error per centre (and service), for the
estimator `auto` picks and for the ranges citizens see (`queueing.waits`)."""

import datetime as dt
from collections import defaultdict

from django.db import transaction

from centre.models import Centre
from planning.backtest import backtest, quantile
from queueing.models import EstimatorError
from queueing.waits import MIN_SAMPLES, forget_choice

DAYS = 30
LOW_Q, HIGH_Q = 0.1, 0.9


def calibrate_centre(*, centre: Centre, today: dt.date, days: int = DAYS) -> list[EstimatorError]:
    """Replay the `days` days before `today` and replace the centre's stored errors: one row
    per estimator for the whole centre, and one per service with `MIN_SAMPLES` errors.
    Both moments count (at the kiosk, and while waiting: the tracking page)."""
    scores = backtest(centre, today - dt.timedelta(days=days), today - dt.timedelta(days=1))
    signed: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (name, _moment), score in scores.items():
        for service_id, values in score.signed.items():
            signed[name][service_id].extend(values)
    rows = []
    for name, by_service in signed.items():
        every = [v for values in by_service.values() for v in values]
        groups = [(None, every)] + [
            (sid, values) for sid, values in by_service.items() if len(values) >= MIN_SAMPLES
        ]
        for service_id, values in groups:
            if not values:
                continue
            rows.append(
                EstimatorError(
                    centre=centre,
                    service_id=service_id,
                    estimator=name,
                    computed_on=today,
                    samples=len(values),
                    mae_seconds=sum(abs(v) for v in values) / len(values),
                    low_seconds=quantile(values, LOW_Q),
                    high_seconds=quantile(values, HIGH_Q),
                )
            )
    with transaction.atomic():
        EstimatorError.objects.filter(centre=centre).delete()
        EstimatorError.objects.bulk_create(rows)
        transaction.on_commit(lambda: forget_choice(centre.pk))
    return rows
