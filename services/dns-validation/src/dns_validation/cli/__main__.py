"""``python -m dns_validation.cli``: the same as the ``dns-validation`` command."""

from dns_validation.cli import main

main()
