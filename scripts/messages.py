"""Refreshes the Arabic catalogue of each app (and of site/) and compiles them.

Each app keeps its own catalogue in <app>/locale/ so work on one app never touches
another's file. Run through `make messages`.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = [
    "core",
    "site",
    "home",
    "events",
    "events/registrations",
    "events/attendance",
    "events/reporting",
    "events/evaluation",
    "network",
    "api",
    "webhooks",
]
PYTHON = sys.executable

sys.path.insert(0, str(ROOT / "site"))
import arabic_months  # noqa: E402 - lives in site/, which is not a package
import english_wording  # noqa: E402 - likewise


def main():
    """`messages.py` refreshes every catalogue; `messages.py events network` only those."""
    chosen = sys.argv[1:] or DOMAINS
    unknown = set(chosen) - set(DOMAINS)
    if unknown:
        sys.exit(f"unknown catalogue(s): {', '.join(sorted(unknown))}; choose from {', '.join(DOMAINS)}")
    for name in chosen:
        folder = ROOT / name
        (folder / "locale").mkdir(exist_ok=True)
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [
                PYTHON,
                "-m",
                "django",
                "makemessages",
                "-l",
                "ar",
                "--no-obsolete",
                "--no-location",
                # events/ holds sub-apps (registrations, attendance, …) with catalogues of their own.
                *(
                    [
                        "--ignore",
                        "registrations/*",
                        "--ignore",
                        "attendance/*",
                        "--ignore",
                        "reporting/*",
                        "--ignore",
                        "evaluation/*",
                    ]
                    if name == "events"
                    else []
                ),
            ],
            cwd=folder,
            env={
                **os.environ,
                "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'site'}",
                "DJANGO_SETTINGS_MODULE": "settings",
            },
            check=True,
        )
        compile_catalogue(folder / "locale" / "ar" / "LC_MESSAGES" / "django.po")
    # The month names (see site/arabic_months.py) are written from their lists, not extracted.
    for po in arabic_months.write_catalogues():
        compile_catalogue(po)
    # So is the English wording of library strings (see site/english_wording.py).
    compile_catalogue(english_wording.write_catalogue())


def compile_catalogue(po):
    subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)  # noqa: S603, S607


if __name__ == "__main__":
    main()
