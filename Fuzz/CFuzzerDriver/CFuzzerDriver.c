// Header-only module: the declaration of libFuzzer's driver lives in include/CFuzzerDriver.h.
#include "CFuzzerDriver.h"
