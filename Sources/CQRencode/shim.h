// libqrencode, for the QR codes on signboards. Only Reports includes this.
//
// Not linked, like the other document libraries (see Sources/CPangoCairo/shim.h): loaded
// with dlopen on the first QR code and called through this table, so processes that draw
// none do not load it. The header still gives the types.
#include <qrencode.h>
#include <dlfcn.h>
#include <stdio.h>

// Every libqrencode function Reports calls; one used but not listed fails to compile.
#define OUTFALLS_QRENCODE_FUNCTIONS(X) \
    X(QRcode_encodeData) \
    X(QRcode_free)

#define OUTFALLS_QRENCODE_FIELD(name) __typeof__(&name) _Nonnull name;
typedef struct OutfallsQRencode {
    OUTFALLS_QRENCODE_FUNCTIONS(OUTFALLS_QRENCODE_FIELD)
} OutfallsQRencode;

// Loads libqrencode and resolves every function; NULL (with the reason in `error`) if the
// library or any function is missing. Called once (from a Swift `static let`).
static inline const OutfallsQRencode * _Nullable outfalls_qrencode_load(char * _Nonnull error, size_t size) {
    static OutfallsQRencode api;
    static const char *names[] = { "libqrencode.so.4", "libqrencode.so" };
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s", reason ? reason : "libqrencode.so.4 not found");
        return NULL;
    }
#define OUTFALLS_QRENCODE_RESOLVE(name) \
    if ((*(void **)&api.name = dlsym(handle, #name)) == NULL) { snprintf(error, size, "libqrencode lacks %s", #name); return NULL; }
    OUTFALLS_QRENCODE_FUNCTIONS(OUTFALLS_QRENCODE_RESOLVE)
#undef OUTFALLS_QRENCODE_RESOLVE
    return &api;
}
