import dns_services_gateway
import dns_services_gateway.types


def test_all_is_sorted_and_complete() -> None:
    names = dns_services_gateway.__all__
    assert names == sorted(
        names, key=lambda n: (not n.isupper(), n.startswith("_"), n)
    ) or names == sorted(names)
    public = {
        n
        for n in dir(dns_services_gateway)
        if not n.startswith("_") and n not in {"types", "testing"}
    }
    public -= {n for n in public if n.islower()}
    assert set(names) - {"__version__"} == public


def test_types_all() -> None:
    assert set(dns_services_gateway.types.__all__) == {
        n for n in dir(dns_services_gateway.types) if not n.startswith("_") and not n.islower()
    }


def test_version() -> None:
    assert dns_services_gateway.__version__ == "0.1.0"
