#!/usr/bin/env bash
# Install the Debian packages Stepwise needs beyond Python, when they are missing.
#   scripts/system-deps.sh run    -> WeasyPrint's Pango libraries (PDFs)
#   scripts/system-deps.sh test   -> the above, plus Chromium (browser tests) and poppler-utils (reading PDFs)
#   scripts/system-deps.sh ci     -> the above, plus PostgreSQL and Redis
# Without root (or without apt-get) it only says what is missing.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
case "${1:-run}" in
  run) ;;
  test) packages+=(chromium poppler-utils) ;;
  ci) packages+=(chromium poppler-utils postgresql redis-server) ;;
  *) echo "usage: $0 run|test|ci" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  [[ ${1:-run} == run ]] || exit 1
fi
