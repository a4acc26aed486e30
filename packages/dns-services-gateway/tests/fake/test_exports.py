from __future__ import annotations

import dns_services_gateway.testing as testing


def test_testing_all_is_sorted_and_complete() -> None:
    # isort-style order (constants first), as ruff RUF022 keeps it
    assert testing.__all__ == sorted(testing.__all__, key=lambda n: (not n.isupper(), n))
    public = {name for name in vars(testing) if not name.startswith("_")}
    modules = {name for name in public if type(vars(testing)[name]).__name__ == "module"}
    assert set(testing.__all__) == public - modules - {"annotations"}
