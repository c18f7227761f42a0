#!/usr/bin/env bash
# Takes the HTML documents' screenshots at 1280 px into docs/images/ (the
# browser test, told to keep them), then makes them small: 64 colours,
# no dithering (ImageMagick's convert, where it is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
TAMPLAN_SCREENSHOTS=write cargo test --locked --test html_browser a_screenshot_of_each_document
if type -P convert >/dev/null 2>&1; then
  for png in docs/images/html-*.png; do
    convert "$png" +dither -colors 64 "PNG8:$png"
  done
fi
ls -l docs/images/html-*.png
