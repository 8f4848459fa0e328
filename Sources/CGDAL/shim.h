// GDAL's vector (OGR) C API, for reading and writing the formats other departments send
// (Shapefile, GeoPackage, KML/KMZ, XLSX). Only GDALKit includes this.
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_conv.h>
#include <cpl_string.h>
