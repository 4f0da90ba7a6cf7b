// Parses an iCalendar file the way Mozilla's calendar clients do (ical.js) and prints what a
// client would show, as JSON, for the Python tests to compare. Reads the file from stdin.
import ICAL from "ical.js";

let text = "";
for await (const chunk of process.stdin) text += chunk;

const calendar = new ICAL.Component(ICAL.parse(text));
const zones = calendar.getAllSubcomponents("vtimezone");
for (const zone of zones) ICAL.TimezoneService.register(zone);

const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    location: event.location,
    url: component.getFirstPropertyValue("url"),
    tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
    start_utc: event.startDate.toJSDate().toISOString(),
    end_utc: event.endDate.toJSDate().toISOString(),
  };
});
process.stdout.write(
  JSON.stringify({
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    timezones: zones.map((zone) => zone.getFirstPropertyValue("tzid")),
    events,
  }),
);
