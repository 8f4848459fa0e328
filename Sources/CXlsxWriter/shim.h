// libxlsxwriter, for Reports' XLSX workbooks. Only Reports includes this.
//
// Not linked: libxlsxwriter brings libminizip and libcrypto with it, loaded by every process
// that links it — `outfalls --help` and a siting check, which never write a workbook, too.
// Reports loads it with dlopen the first time a workbook is written and calls it through
// this table of function pointers, resolved once (the pattern of Sources/CGDAL/shim.h).
// The headers still give the types.
#include <xlsxwriter.h>
#include <dlfcn.h>
#include <stdio.h>

// Every libxlsxwriter function Reports calls. A function used but not listed fails to
// compile in Swift (the name is not declared as a field), so the list cannot drift silently.
#define OUTFALLS_XLSXWRITER_FUNCTIONS(X) \
    X(format_set_bold) \
    X(lxw_strerror) \
    X(workbook_add_format) \
    X(workbook_add_worksheet) \
    X(workbook_close) \
    X(workbook_new_opt) \
    X(worksheet_freeze_panes) \
    X(worksheet_set_column) \
    X(worksheet_write_number) \
    X(worksheet_write_string)

#define OUTFALLS_XLSXWRITER_FIELD(name) __typeof__(&name) _Nonnull name;
typedef struct OutfallsXlsxWriter {
    OUTFALLS_XLSXWRITER_FUNCTIONS(OUTFALLS_XLSXWRITER_FIELD)
} OutfallsXlsxWriter;

// Loads libxlsxwriter and resolves every function; NULL (with the reason in `error`) if the
// library or any function is missing. Called once (from a Swift `static let`).
static inline const OutfallsXlsxWriter * _Nullable outfalls_xlsxwriter_load(char * _Nonnull error, size_t size) {
    static OutfallsXlsxWriter api;
    static const char *names[] = { "libxlsxwriter.so.4", "libxlsxwriter.so.5", "libxlsxwriter.so" };
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s", reason ? reason : "libxlsxwriter.so.4 not found");
        return NULL;
    }
#define OUTFALLS_XLSXWRITER_RESOLVE(name) \
    if ((*(void **)&api.name = dlsym(handle, #name)) == NULL) { snprintf(error, size, "libxlsxwriter lacks %s", #name); return NULL; }
    OUTFALLS_XLSXWRITER_FUNCTIONS(OUTFALLS_XLSXWRITER_RESOLVE)
#undef OUTFALLS_XLSXWRITER_RESOLVE
    return &api;
}
