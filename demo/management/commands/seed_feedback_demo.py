"""Demo data of the citizen's voice (idempotent): a tablet at each open demo counter, Jordan's
public holidays (`seed_holidays`), a service-standards checklist, an evaluator and a
department officer.

Run after `seed_demo`. Demo tablets have fixed tokens (`demo-<centre>-<counter>`), so their
pages are /feedback/tablet/demo-amman-1/ and so on.
"""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from centre.models import Centre, Department
from feedback.models import (
    DepartmentOfficer,
    EvaluationItem,
    EvaluationKind,
    EvaluationTemplate,
    Evaluator,
    FeedbackTablet,
)

PASSWORD = "nafitha-demo"

CHECKLIST = [
    (
        "قاعة الانتظار نظيفة ومريحة وفيها مقاعد كافية",
        "The waiting area is clean, comfortable and has enough seats",
        "maturity",
        1.0,
    ),
    (
        "اللافتات والإرشادات واضحة بالعربية والإنجليزية",
        "Signs and directions are clear in Arabic and English",
        "maturity",
        1.0,
    ),
    (
        "لم تُطلب وثائق غير واردة في السجل الوطني للخدمات",
        "No documents were asked beyond the National Registry's list",
        "yes_no",
        2.0,
    ),
    ("تعامل الموظف بلباقة واحترام", "The employee was courteous and respectful", "maturity", 1.5),
    (
        "الانتظار ضمن الزمن المعلن في ميثاق الخدمة",
        "The wait was within the service charter's target",
        "yes_no",
        1.5,
    ),
    (
        "مدة تقديم الخدمة ضمن الزمن المعياري",
        "The service took no longer than its standard time",
        "yes_no",
        1.0,
    ),
    (
        "الرسوم المستوفاة مطابقة للرسوم المعلنة",
        "The fees charged matched the published fees",
        "yes_no",
        2.0,
    ),
    (
        "المركز مهيأ للأشخاص ذوي الإعاقة",
        "The centre is accessible to people with disabilities",
        "maturity",
        1.5,
    ),
]


class Command(BaseCommand):
    help = "Load the feedback demo data (tablets, holidays, checklist, evaluator, officer)."

    def handle(self, *args, **options):
        for centre in Centre.objects.all():
            for counter in centre.counters.all():
                FeedbackTablet.objects.get_or_create(
                    counter=counter,
                    defaults={
                        "centre": centre,
                        "token": f"demo-{centre.code}-{counter.number}",
                        "label": f"{centre.code} #{counter.number}",
                    },
                )
        call_command("seed_holidays", stdout=self.stdout)
        template, _ = EvaluationTemplate.objects.get_or_create(
            name_en="Service standards (mystery shopper)",
            defaults={"name_ar": "معايير الخدمة (المتسوق الخفي)"},
        )
        for position, (text_ar, text_en, scale, weight) in enumerate(CHECKLIST):
            EvaluationItem.objects.get_or_create(
                template=template,
                position=position,
                defaults={"text_ar": text_ar, "text_en": text_en, "scale": scale, "weight": weight},
            )
        users = get_user_model().objects
        evaluator_user = users.filter(username="evaluator").first() or users.create_user(
            "evaluator", password=PASSWORD, first_name="Mystery", last_name="Shopper"
        )
        Evaluator.objects.get_or_create(
            user=evaluator_user, defaults={"kind": EvaluationKind.MYSTERY_SHOPPER}
        )
        department = Department.objects.order_by("code").first()
        if department:
            officer = users.filter(username="officer").first() or users.create_user(
                "officer", password=PASSWORD, first_name="Department", last_name="Officer"
            )
            DepartmentOfficer.objects.get_or_create(user=officer, department=department)
        self.stdout.write("feedback demo data loaded")
