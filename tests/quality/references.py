"""Labels, descriptions and controls name other elements by id; a name with no element behind it
leaves a field without its label or its error unread by a screen reader."""

from bs4 import BeautifulSoup

# The attributes that hold one id, or several separated by spaces.
REFERENCES = ("for", "aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage", "aria-owns", "list")


def missing_references(html):
    """Each reference in ``html`` to an id that no element of the page has."""
    soup = BeautifulSoup(html, "html.parser")
    ids = {element["id"] for element in soup.find_all(id=True)}
    return [
        f'<{element.name} {attribute}="{name}">'
        for attribute in REFERENCES
        for element in soup.find_all(attrs={attribute: True})
        for name in element[attribute].split()
        if name not in ids
    ]
