"""``python -m graphmodel``: the ``graphmodel`` command."""

from graphmodel.cli import main

if __name__ == "__main__":
    main(prog_name="graphmodel")
