"""Builds the benchmark dataset (fixtures/bench_data.py) from a seed: at scale 1, 500 events in
Arabic and English, 5,000 organisations, 50,000 people, 200,000 registrations with attendance."""

import time

from django.core.management import BaseCommand, CommandError, call_command
from wagtail.signal_handlers import disable_reference_index_auto_update

from fixtures import bench_data, search_index_updated_after


class Command(BaseCommand):
    help = "Build the large synthetic dataset the benchmarks in bench/ measure against (reproducible from --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data (default 1).")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0: 500 events, 50,000 people, 200,000 registrations."
        )
        parser.add_argument(
            "--feed-events",
            type=int,
            default=0,
            help="Add this many upcoming events in Arabic, one participant confirmed at all of them (their "
            "calendar feed holds that many; the upcoming feed serves at most events.views.FEED_LIMIT).",
        )
        parser.add_argument("--replace", action="store_true", help="Remove an earlier benchmark dataset first.")
        parser.add_argument("--no-index", action="store_true", help="Leave the site search index alone.")

    def handle(self, *args, seed, scale, feed_events, replace, no_index, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0.")
        if feed_events < 0:
            raise CommandError("--feed-events cannot be below 0.")
        if bench_data.exists():
            if not replace:
                raise CommandError("This database holds a benchmark dataset already: add --replace to build it anew.")
            bench_data.remove()
        started = time.perf_counter()
        # Wagtail's reference index (the admin's "usage" counts) is left as it is: rebuilding it
        # would take longer than the dataset, and no benchmark reads it.
        with disable_reference_index_auto_update(), search_index_updated_after():
            counts = bench_data.build(
                seed=seed,
                scale=scale,
                feed_events=feed_events,
                log=lambda line: self.stdout.write(f"  {time.perf_counter() - started:6.1f} s  {line}"),
            )
        if not no_index:
            call_command("update_index", verbosity=0)
            self.stdout.write(f"  {time.perf_counter() - started:6.1f} s  search index updated")
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Benchmark dataset (seed {seed}, scale {scale:g}) built in {seconds:.1f} s: {summary}")
