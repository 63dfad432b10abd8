"""Commands of the `crochets` CLI that live outside app/cli.py."""
