#include <pango/pangocairo.h>
#include <cairo-pdf.h>
// Redeclaring a function with an incompatible signature is an error in C, and shim.h's
// `#else` branch asserts its values against pango's (see the top of shim.h).
#include "../../../Sources/CPangoCairo/shim.h"
#include "PangoCairoCheck.h"

int outfalls_pangocairo_checked_function_count(void) {
#define OUTFALLS_COUNT(name) + 1
    return 0 OUTFALLS_PANGOCAIRO_FUNCTIONS(OUTFALLS_COUNT);
#undef OUTFALLS_COUNT
}
