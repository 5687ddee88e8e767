#!/usr/bin/env bash
# Install the system packages the test suite needs, only when they are missing.
# Java: owlready2 runs the HermiT reasoner on the JVM (ontology consistency test).
# Chromium: headless rendering of the HTML report; with its driver, the web interface's
# browser test (Selenium).
# Virtuoso: the remote-store tests run the analysis on it.
# Pango: WeasyPrint lays out `report --format pdf` with it.
set -euo pipefail

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
# Chromium: the report test renders the HTML report headless and checks the screenshot.
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# chromium-driver: Selenium drives Chromium with it in tests/ui/test_ui_browser.py.
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
# Virtuoso Open Source: one of the two SPARQL servers the remote-store tests start (the
# server binary and its isql client; the Oxigraph server comes from PyPI).
command -v virtuoso-t >/dev/null 2>&1 || need_apt+=(virtuoso-opensource-7-bin)
# Pango (with its FreeType backend) and a font: WeasyPrint writes the PDF report with them.
for pkg in libpango-1.0-0 libpangoft2-1.0-0; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)

if [ ${#need_apt[@]} -eq 0 ]; then
  echo "test dependencies: present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "error: missing ${need_apt[*]} and no root/sudo to install them" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing test dependencies: ${need_apt[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
