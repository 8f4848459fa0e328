// zlib's deflate and CRC-32, for writing ZIP archives (KMZ, zipped Shapefiles).
#include <zlib.h>
