"""Records, checks and sites for a volunteer programme of visits in immigration detention."""

__version__ = "0.1.0"
