// pango's and cairo's real headers, with the include paths pkg-config gives (test build only).
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
