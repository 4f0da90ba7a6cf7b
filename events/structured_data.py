"""What search engines and link previews read: schema.org Event JSON-LD and Open Graph tags.

Built only from what the page shows publicly: never the online meeting link, never a
speaker the organiser did not name publicly, never anyone's email or phone.
"""

from core import sharing
from events.models.choices import EventFormat, PartnerRole

ATTENDANCE_MODES = {
    EventFormat.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def place(venue):
    address = {
        "@type": "PostalAddress",
        "addressLocality": venue.display_city,
        "addressCountry": str(venue.country.code) if venue.country else None,
        "streetAddress": venue.display_address or None,
        "addressRegion": venue.get_governorate_display() or None,
    }
    data = {
        "@type": "Place",
        "name": venue.display_name,
        "address": {key: value for key, value in address.items() if value},
    }
    if venue.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def organisation(member, request):
    data = {"@type": "Organization", "name": member["name"]}
    if member["url"]:
        data["url"] = absolute(request, member["url"])
    return data


def event_json_ld(page, request, speakers, partner_groups, image=None, topics=()):
    page_url = page.get_full_url(request)
    locations = []
    if page.venue is not None and page.event_format != EventFormat.ONLINE:
        locations.append(place(page.venue))
    if page.event_format != EventFormat.IN_PERSON:
        # The page itself, never the meeting link: participants get that after registering.
        locations.append({"@type": "VirtualLocation", "url": page_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": page.summary or page.search_description or None,
        "url": page_url,
        "startDate": page.local_start.isoformat(),
        "endDate": page.local_end.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES.get(page.event_format),
        "inLanguage": list(page.languages) or [page.locale.language_code],
        "location": locations[0] if len(locations) == 1 else locations or None,
        "keywords": ", ".join(tag.name for tag in topics) or None,
    }
    roles = {group["role"]: group["members"] for group in partner_groups}
    organisers = roles.get(PartnerRole.ORGANISER, []) + roles.get(PartnerRole.CO_ORGANISER, [])
    if organisers:
        data["organizer"] = [organisation(member, request) for member in organisers]
    if roles.get(PartnerRole.SPONSOR):
        data["sponsor"] = [organisation(member, request) for member in roles[PartnerRole.SPONSOR]]
    if speakers:
        data["performer"] = [performer(entry, request) for entry in speakers]
    if image:
        data["image"] = [image["url"]]
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def performer(entry, request):
    data = {"@type": "Person", "name": entry.name}
    if entry.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": entry.affiliation}
    if entry.profile_url:
        data["url"] = absolute(request, entry.profile_url)
    return data


def share_image(page, request):
    return sharing.share_image(page.image, request)


def open_graph(page, request, image=None):
    return sharing.open_graph(
        request,
        title=page.seo_title or page.title,
        description=page.search_description or page.summary,
        url=page.get_full_url(request),
        image=image,
    )
