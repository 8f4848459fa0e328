#!/usr/bin/env bash
# Renders the SVG icons to the 64-pixel PNGs that KMZ files embed (Google Earth and Ovital
# do not draw SVG). Developer tool: needs rsvg-convert (Debian librsvg2-bin); the PNGs are
# committed, so the product does not need it.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p icons/png
for svg in icons/*.svg; do
  name=$(basename "$svg" .svg)
  rsvg-convert -w 64 -h 64 "$svg" -o "icons/png/$name.png"
done
ls icons/png
