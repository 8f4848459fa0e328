// cairo (PDF surfaces, drawing) and pango (CJK text layout) for Reports' PDF writers. Only
// Reports includes this.
//
// Neither is linked: pangocairo pulls in ~40 shared libraries (pango, harfbuzz, fontconfig,
// freetype, cairo, pixman, X11/xcb, glib…) whose loading cost every process, even
// `outfalls --help` and a siting check, which never draw a PDF. Reports loads them with dlopen
// the first time a PDF is written and calls them through this table of function pointers,
// resolved once (the CGDAL pattern; see Sources/CGDAL/shim.h).
//
// cairo's headers need no include path and give their own types. pango's need glib's (four
// directories from pkg-config), which a system-library module cannot add without also
// linking every library pkg-config names; so the few pango types and functions used are
// declared below, in pango's own names and signatures. Tests/PangoCairoCheck compiles these
// declarations after pango's real headers: a declaration or value that differs is a compile
// error in the test build, so they cannot drift from the installed pango.
#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <dlfcn.h>
#include <stdio.h>

typedef struct _PangoFontDescription PangoFontDescription;
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;
typedef struct _PangoLayoutLine PangoLayoutLine;
typedef struct _PangoLayoutIter PangoLayoutIter;
typedef struct _PangoRectangle PangoRectangle;

// pango's values, once, for the definitions below and for the check against the real headers.
#define OUTFALLS_PANGO_SCALE 1024
#define OUTFALLS_PANGO_WEIGHT_NORMAL 400
#define OUTFALLS_PANGO_WEIGHT_BOLD 700
#define OUTFALLS_PANGO_WRAP_WORD_CHAR 2
#define OUTFALLS_PANGO_ALIGN_CENTER 1
#define OUTFALLS_PANGO_ELLIPSIZE_END 3

#ifndef __PANGO_H__
struct _PangoRectangle {
    int x;
    int y;
    int width;
    int height;
};
typedef enum { PANGO_WEIGHT_NORMAL = OUTFALLS_PANGO_WEIGHT_NORMAL, PANGO_WEIGHT_BOLD = OUTFALLS_PANGO_WEIGHT_BOLD } PangoWeight;
typedef enum { PANGO_WRAP_WORD, PANGO_WRAP_CHAR, PANGO_WRAP_WORD_CHAR } PangoWrapMode;
typedef enum { PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT } PangoAlignment;
typedef enum { PANGO_ELLIPSIZE_NONE, PANGO_ELLIPSIZE_START, PANGO_ELLIPSIZE_MIDDLE, PANGO_ELLIPSIZE_END } PangoEllipsizeMode;
#define PANGO_SCALE OUTFALLS_PANGO_SCALE
#else
// Compiled only by Tests/PangoCairoCheck, after pango's headers.
_Static_assert(PANGO_SCALE == OUTFALLS_PANGO_SCALE, "PANGO_SCALE");
_Static_assert(PANGO_WEIGHT_NORMAL == OUTFALLS_PANGO_WEIGHT_NORMAL && PANGO_WEIGHT_BOLD == OUTFALLS_PANGO_WEIGHT_BOLD, "PangoWeight");
_Static_assert(PANGO_WRAP_WORD_CHAR == OUTFALLS_PANGO_WRAP_WORD_CHAR, "PangoWrapMode");
_Static_assert(PANGO_ALIGN_CENTER == OUTFALLS_PANGO_ALIGN_CENTER, "PangoAlignment");
_Static_assert(PANGO_ELLIPSIZE_END == OUTFALLS_PANGO_ELLIPSIZE_END, "PangoEllipsizeMode");
_Static_assert(sizeof(PangoRectangle) == 4 * sizeof(int), "PangoRectangle");
#endif

// Unannotated, as in pango's headers (Swift sees implicitly unwrapped pointers, as before);
// the pragma keeps clang from asking for nullability because the table below has it.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wnullability-completeness"
PangoFontDescription *pango_font_description_new(void);
void pango_font_description_set_family(PangoFontDescription *desc, const char *family);
void pango_font_description_set_size(PangoFontDescription *desc, int size);
void pango_font_description_set_weight(PangoFontDescription *desc, PangoWeight weight);
void pango_font_description_free(PangoFontDescription *desc);
PangoLayout *pango_cairo_create_layout(cairo_t *cr);
void pango_cairo_context_set_resolution(PangoContext *context, double dpi);
void pango_cairo_show_layout_line(cairo_t *cr, PangoLayoutLine *line);
PangoContext *pango_layout_get_context(PangoLayout *layout);
void pango_layout_context_changed(PangoLayout *layout);
void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *desc);
void pango_layout_set_width(PangoLayout *layout, int width);
void pango_layout_set_height(PangoLayout *layout, int height);
void pango_layout_set_wrap(PangoLayout *layout, PangoWrapMode wrap);
void pango_layout_set_alignment(PangoLayout *layout, PangoAlignment alignment);
void pango_layout_set_ellipsize(PangoLayout *layout, PangoEllipsizeMode ellipsize);
void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
PangoLayoutLine *pango_layout_get_line_readonly(PangoLayout *layout, int line);
PangoLayoutIter *pango_layout_get_iter(PangoLayout *layout);
void pango_layout_iter_free(PangoLayoutIter *iter);
void pango_layout_iter_get_line_yrange(PangoLayoutIter *iter, int *y0_, int *y1_);
int pango_layout_iter_get_baseline(PangoLayoutIter *iter);
void pango_layout_iter_get_line_extents(PangoLayoutIter *iter, PangoRectangle *ink_rect, PangoRectangle *logical_rect);
int pango_layout_iter_next_line(PangoLayoutIter *iter);
void g_object_unref(void *object);
#pragma clang diagnostic pop

// Every cairo and pango function Reports calls. A function used but not listed fails to
// compile in Swift (the name is not declared as a field), so the list cannot drift silently.
#define OUTFALLS_PANGOCAIRO_FUNCTIONS(X) \
    X(cairo_create) \
    X(cairo_destroy) \
    X(cairo_fill) \
    X(cairo_fill_preserve) \
    X(cairo_image_surface_create_from_png) \
    X(cairo_image_surface_get_height) \
    X(cairo_image_surface_get_width) \
    X(cairo_line_to) \
    X(cairo_move_to) \
    X(cairo_paint) \
    X(cairo_pdf_surface_create) \
    X(cairo_pdf_surface_set_metadata) \
    X(cairo_rectangle) \
    X(cairo_restore) \
    X(cairo_save) \
    X(cairo_scale) \
    X(cairo_set_line_width) \
    X(cairo_set_source_rgb) \
    X(cairo_set_source_surface) \
    X(cairo_show_page) \
    X(cairo_status_to_string) \
    X(cairo_stroke) \
    X(cairo_surface_destroy) \
    X(cairo_surface_finish) \
    X(cairo_surface_status) \
    X(cairo_translate) \
    X(g_object_unref) \
    X(pango_cairo_context_set_resolution) \
    X(pango_cairo_create_layout) \
    X(pango_cairo_show_layout_line) \
    X(pango_font_description_free) \
    X(pango_font_description_new) \
    X(pango_font_description_set_family) \
    X(pango_font_description_set_size) \
    X(pango_font_description_set_weight) \
    X(pango_layout_context_changed) \
    X(pango_layout_get_context) \
    X(pango_layout_get_iter) \
    X(pango_layout_get_line_readonly) \
    X(pango_layout_iter_free) \
    X(pango_layout_iter_get_baseline) \
    X(pango_layout_iter_get_line_extents) \
    X(pango_layout_iter_get_line_yrange) \
    X(pango_layout_iter_next_line) \
    X(pango_layout_set_alignment) \
    X(pango_layout_set_ellipsize) \
    X(pango_layout_set_font_description) \
    X(pango_layout_set_height) \
    X(pango_layout_set_text) \
    X(pango_layout_set_width) \
    X(pango_layout_set_wrap)

#define OUTFALLS_PANGOCAIRO_FIELD(name) __typeof__(&name) _Nonnull name;
typedef struct OutfallsPangoCairo {
    OUTFALLS_PANGOCAIRO_FUNCTIONS(OUTFALLS_PANGOCAIRO_FIELD)
} OutfallsPangoCairo;

// Loads libpangocairo (which brings pango, cairo, gobject and glib with it) and resolves
// every function through its handle; NULL (with the reason in `error`) if the library or any
// function is missing. Called once (from a Swift `static let`).
static inline const OutfallsPangoCairo * _Nullable outfalls_pangocairo_load(char * _Nonnull error, size_t size) {
    static OutfallsPangoCairo api;
    static const char *names[] = { "libpangocairo-1.0.so.0", "libpangocairo-1.0.so" };
    void *handle = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, size, "%s", reason ? reason : "libpangocairo-1.0.so.0 not found");
        return NULL;
    }
    // dlsym on the handle also searches the libraries it depends on (cairo, gobject).
#define OUTFALLS_PANGOCAIRO_RESOLVE(name) \
    if ((*(void **)&api.name = dlsym(handle, #name)) == NULL) { snprintf(error, size, "pango/cairo lacks %s", #name); return NULL; }
    OUTFALLS_PANGOCAIRO_FUNCTIONS(OUTFALLS_PANGOCAIRO_RESOLVE)
#undef OUTFALLS_PANGOCAIRO_RESOLVE
    return &api;
}
