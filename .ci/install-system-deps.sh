#!/usr/bin/env bash
# Installs the Debian packages the test suites use (idempotent; skips what is present).
# PostgreSQL server, Chromium (browser harness), poppler (PDF checks), openpyxl (XLSX
# read-back), aiosmtpd (SMTP server), fonts. Runs as root on the CI machine.
set -euo pipefail
need=()
for pkg in postgresql chromium poppler-utils python3-openpyxl python3-aiosmtpd fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
