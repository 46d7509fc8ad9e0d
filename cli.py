"""The ``graphmodel`` command, run from a checkout: ``python3 cli.py --help``.

The command itself is :mod:`graphmodel.cli` (installed as ``graphmodel`` and runnable as
``python -m graphmodel``); this file only hands over to it, so that nothing named ``cli``
is installed beside the package.
"""

from graphmodel.cli import main

if __name__ == "__main__":
    main()
