import pytest
from prometheus_client import REGISTRY

from ops import metrics


def sample(name: str, **labels) -> float:
    """Current value of one metric sample in this process (0 when never touched)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture(autouse=True)
def fresh_centre_codes():
    """Centre ids are reused between tests on SQLite; forget the cached codes."""
    metrics._centre_codes.clear()
