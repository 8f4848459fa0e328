// Only the reentrant (_r) GEOS API is visible from Swift: every call takes a context,
// so that each thread or task can own one.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
