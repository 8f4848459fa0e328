// PROJ's transformation API plus GeographicLib's geodesic routines, which ship with PROJ.
#include <proj.h>
#include <geodesic.h>
