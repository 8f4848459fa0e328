// GDAL's vector (OGR) C API, for reading and writing the formats other departments send
// (Shapefile, GeoPackage, KML/KMZ, XLSX). Only GDALKit includes this.
//
// GDAL is not linked: libgdal pulls in ~130 shared libraries, whose loading cost every
// process 65 ms — even `outfalls --help` and a siting check, which never touch GDAL.
// GDALKit loads it with dlopen the first time a GDAL format is used and calls it through
// this table of function pointers, resolved once. The headers still give the types.
#include <gdal/gdal.h>
#include <gdal/ogr_api.h>
#include <gdal/ogr_srs_api.h>
#include <gdal/cpl_error.h>
#include <gdal/cpl_conv.h>
#include <gdal/cpl_string.h>
#include <dlfcn.h>
#include <stdio.h>

// Every GDAL function GDALKit calls. A function used but not listed fails to compile in
// Swift (the name is not declared as a field), so the list cannot drift silently.
#define OUTFALLS_GDAL_FUNCTIONS(X) \
    X(CPLErrorReset) \
    X(CPLGetLastErrorMsg) \
    X(CPLQuietErrorHandler) \
    X(CPLSetErrorHandler) \
    X(CPLSetThreadLocalConfigOption) \
    X(CSLAddString) \
    X(CSLDestroy) \
    X(CSLSetNameValue) \
    X(GDALAllRegister) \
    X(GDALClose) \
    X(GDALCreate) \
    X(GDALDatasetCreateLayer) \
    X(GDALDatasetGetLayer) \
    X(GDALDatasetGetLayerCount) \
    X(GDALGetDatasetDriver) \
    X(GDALGetDriverByName) \
    X(GDALGetDriverShortName) \
    X(GDALOpenEx) \
    X(GDALVersionInfo) \
    X(OGR_FD_GetFieldCount) \
    X(OGR_FD_GetFieldDefn) \
    X(OGR_F_Create) \
    X(OGR_F_Destroy) \
    X(OGR_F_GetFID) \
    X(OGR_F_GetFieldAsDouble) \
    X(OGR_F_GetFieldAsInteger64) \
    X(OGR_F_SetFieldInteger64) \
    X(OGR_G_FlattenTo2D) \
    X(OGR_F_GetFieldAsString) \
    X(OGR_F_GetGeometryRef) \
    X(OGR_F_IsFieldSetAndNotNull) \
    X(OGR_F_SetFieldDouble) \
    X(OGR_F_SetFieldNull) \
    X(OGR_F_SetFieldString) \
    X(OGR_F_SetGeometryDirectly) \
    X(OGR_Fld_Create) \
    X(OGR_Fld_Destroy) \
    X(OGR_Fld_GetNameRef) \
    X(OGR_Fld_GetType) \
    X(OGR_Fld_SetWidth) \
    X(OGR_G_Clone) \
    X(OGR_G_CreateFromWkb) \
    X(OGR_G_DestroyGeometry) \
    X(OGR_G_ExportToIsoWkb) \
    X(OGR_G_WkbSize) \
    X(OGR_L_CreateFeature) \
    X(OGR_L_CreateField) \
    X(OGR_L_GetFeatureCount) \
    X(OGR_L_GetGeomType) \
    X(OGR_L_GetLayerDefn) \
    X(OGR_L_GetName) \
    X(OGR_L_GetNextFeature) \
    X(OGR_L_GetSpatialRef) \
    X(OGR_L_ResetReading) \
    X(OSRExportToWkt) \
    X(OSRFindMatches) \
    X(OSRFreeSRSArray) \
    X(OSRGetAuthorityCode) \
    X(OSRGetAuthorityName) \
    X(OSRGetName) \
    X(OSRImportFromEPSG) \
    X(OSRNewSpatialReference) \
    X(OSRRelease) \
    X(OSRSetAxisMappingStrategy) \
    X(VSIFree)

#define OUTFALLS_GDAL_FIELD(name) __typeof__(&name) _Nonnull name;
typedef struct OutfallsGDAL {
    OUTFALLS_GDAL_FUNCTIONS(OUTFALLS_GDAL_FIELD)
} OutfallsGDAL;

// Loads libgdal and resolves every function; NULL (with the reason in `error`) if the
// library or any function is missing. Called once (from a Swift `static let`).
static inline const OutfallsGDAL * _Nullable outfalls_gdal_load(char * _Nonnull error, size_t size) {
    static OutfallsGDAL api;
    static const char *names[] = { "libgdal.so", "libgdal.so.36", "libgdal.so.35", "libgdal.so.34", "libgdal.so.33",
                                   "libgdal.so.32", "libgdal.so.31", "libgdal.so.30" };
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s", reason ? reason : "libgdal.so not found");
        return NULL;
    }
#define OUTFALLS_GDAL_RESOLVE(name) \
    if ((*(void **)&api.name = dlsym(handle, #name)) == NULL) { snprintf(error, size, "GDAL lacks %s", #name); return NULL; }
    OUTFALLS_GDAL_FUNCTIONS(OUTFALLS_GDAL_RESOLVE)
#undef OUTFALLS_GDAL_RESOLVE
    return &api;
}
