"""The program's one version number."""

__version__ = "0.1.0"
