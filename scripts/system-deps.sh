#!/usr/bin/env bash
# Debian packages CallScout needs beside its Python dependencies. Installs only what is missing,
# and only when run as root with apt-get; otherwise it names what is missing and goes on.
set -euo pipefail

packages=(
  libenchant-2-2 hunspell-ru          # spelling check of vendors' sites
  libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core   # WeasyPrint PDF reports with Cyrillic
  poppler-utils                       # pdftotext/pdftoppm: PDF privacy policies, report page checks
  openssl                             # throw-away CA and certificates: the demo sites over HTTPS, TLS tests
  libsndfile1 sox espeak-ng           # audio reading and the demo's generated recordings
  ffmpeg                              # call recordings in M4A/AAC/AMR/WebM (libsndfile reads the rest)
  postgresql                          # tests against PostgreSQL (skipped when absent)
  chromium                            # browser tests of the web cabinet and `make screenshots`
  wrk                                 # HTTP load tool of bench_web (the Python client is its fallback)
  redis-server                        # the job broker (CALLSCOUT_BROKER_URL=redis://…) in tests and workers
  default-jre-headless                # Java for `calls kpi --engine spark` (PySpark) and its tests
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages (install them as root): ${missing[*]}" >&2
fi
