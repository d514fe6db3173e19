from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Staffing planner")

    def ready(self):
        from planning.simulation import simulation_estimator
        from queueing.estimates import register

        register("simulation", simulation_estimator)
