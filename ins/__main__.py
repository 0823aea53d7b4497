"""``python -m ins``: the command line (see :mod:`ins.cli`)."""

from ins.cli import main

raise SystemExit(main())
