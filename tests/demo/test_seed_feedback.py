"""The demo data command can run again and again without duplicating anything."""

import pytest
from django.core.management import call_command

from centre.models import PublicHoliday
from feedback.models import DepartmentOfficer, EvaluationItem, Evaluator, FeedbackTablet

pytestmark = pytest.mark.django_db


def test_it_is_idempotent(counter, counter2, civil):
    call_command("seed_feedback_demo")
    counts = [
        m.objects.count()
        for m in (FeedbackTablet, PublicHoliday, EvaluationItem, Evaluator, DepartmentOfficer)
    ]
    call_command("seed_feedback_demo")
    assert [
        m.objects.count()
        for m in (FeedbackTablet, PublicHoliday, EvaluationItem, Evaluator, DepartmentOfficer)
    ] == counts
    assert FeedbackTablet.objects.get(counter=counter).token == "demo-amman-1"
    assert counts[0] == 2 and counts[2] == 8
