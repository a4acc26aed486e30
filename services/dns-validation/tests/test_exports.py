import dns_validation
from dns_validation import testing


def test_all_is_sorted_and_complete() -> None:
    assert dns_validation.__all__ == sorted(dns_validation.__all__)
    assert dns_validation.__all__ == [
        "ConfigError",
        "Settings",
        "__version__",
        "create_app",
        "get_settings",
        "load_settings",
    ]
    for name in dns_validation.__all__:
        assert hasattr(dns_validation, name)


def test_testing_surface() -> None:
    assert testing.__all__ == [
        "NSD_PATH",
        "CachingResolver",
        "FakeAuthoritativeServer",
        "NSDServer",
        "free_port",
    ]
    for name in testing.__all__:
        assert hasattr(testing, name)
