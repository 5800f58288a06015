"""`python -m tadmor.cli`: the same as the `tadmor` command."""

from tadmor.cli import main

main()
