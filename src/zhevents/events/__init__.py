"""zhevents.events: the PLOVER event coder.

``code_events(story, page) -> Story`` sets ``story.events``; ``event_to_plover(event) -> dict``
gives the PLOVER-shaped JSON object of one event.
"""

from zhevents.events.coder import CODER, code_events
from zhevents.events.serialize import event_to_plover

__all__ = ["CODER", "code_events", "event_to_plover"]
