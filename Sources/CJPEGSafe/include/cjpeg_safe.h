#ifndef CJPEG_SAFE_H
#define CJPEG_SAFE_H
#include <stddef.h>

/* libjpeg reports errors by calling error_exit, which by default calls exit(); the usual
 * way out is setjmp/longjmp, which Swift cannot do safely. These wrappers keep the setjmp
 * on the C side: they return 0 on success and a negative number with `message` filled in
 * (never exiting, never jumping across Swift frames). */

/* Writes a JPEG thumbnail of the JPEG at `in_path` to `out_path`, at most `max_side` pixels
 * on its longer side, decoding at 1/2, 1/4 or 1/8 scale (scale_denom) when that is still
 * large enough. Refuses images over `max_pixels` before decoding. */
int cjpeg_safe_thumbnail(const char *in_path, const char *out_path, int max_side, int quality, long long max_pixels,
                         int *out_width, int *out_height, char *message, size_t message_size);

#endif
