"""The read-only JSON API and the web explorer (``create_app``)."""

from zhevents.api.app import create_app

__all__ = ["create_app"]
