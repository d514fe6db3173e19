from tests.demo.conftest import fast_passwords, seeded  # noqa: F401 - the home page lists the demo centres
