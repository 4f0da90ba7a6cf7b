"""Registration for events: the business rules live in events/registrations/services/;
this module is the name the rest of the project imports them by."""

from events.registrations.services import *  # noqa: F403 - a deliberate re-export
from events.registrations.services import __all__  # noqa: F401
