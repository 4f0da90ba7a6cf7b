#!/usr/bin/env bash
# Installs the system packages Multaqa needs when they are missing.
#   system-deps.sh demo   Pango (WeasyPrint's text layout) and gettext
#   system-deps.sh test   the above, plus Chromium, Java and Node.js for the browser and HTML checks
#   system-deps.sh bench  the demo's, plus wrk (HTTP load for make bench), poppler-utils and valgrind
set -euo pipefail
mode="${1:-demo}"
missing=()

# grep reads the whole list (not -q): under pipefail, a grep that stops at its first match
# can leave ldconfig killed by a closed pipe, and a present library counted as missing.
have_lib() { ldconfig -p 2>/dev/null | grep -F "$1" >/dev/null; }

have_lib "libpango-1.0.so" || missing+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so" || missing+=(libpangoft2-1.0-0)
have_lib "libharfbuzz-subset.so" || missing+=(libharfbuzz-subset0)
command -v msgfmt >/dev/null || missing+=(gettext)
if [ "$mode" = "test" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v npm >/dev/null || missing+=(nodejs npm)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
fi
if [ "$mode" = "bench" ]; then
  command -v wrk >/dev/null || missing+=(wrk)
  command -v pdfinfo >/dev/null || missing+=(poppler-utils)
  command -v callgrind_control >/dev/null || missing+=(valgrind)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt=apt-get
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  apt="sudo apt-get"
else
  echo "Multaqa needs these system packages and cannot install them without root:" >&2
  echo "    sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! $apt install -y -q "${missing[@]}"; then
  $apt update -q && $apt install -y -q "${missing[@]}" || {
    echo "Could not install ${missing[*]}. Install them with your package manager and run make again." >&2
    exit 1
  }
fi
