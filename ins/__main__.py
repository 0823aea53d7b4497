"""`python -m ins`: the command line (see `ins.cli`)."""

from ins.cli import main

raise SystemExit(main())
