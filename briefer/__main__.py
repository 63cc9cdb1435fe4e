"""`python -m briefer FILE...` is the `brief` command."""

from briefer.entry import brief_main

if __name__ == "__main__":
    brief_main(prog_name="python -m briefer")
