"""What the organisers see of the person on a registration."""

from core.text import pick
from network.people import email_of


class StaffDetails:
    """What the organisers see of the person on a registration. While it awaits the
    participant's acceptance that is only what staff entered; afterwards the directory's
    record (names, email, phone)."""

    def __init__(self, registration):
        self.hidden = registration.awaiting_acceptance
        person = registration.person
        if self.hidden:
            self.name, self.name_ar = registration.entered_name, registration.entered_name_ar
            self.email, self.phone = registration.entered_email, ""
        else:
            self.name, self.name_ar = person.name, person.name_ar
            self.email, self.phone = email_of(person), person.phone

    def __str__(self):
        return pick(self.name_ar, self.name) or self.email
